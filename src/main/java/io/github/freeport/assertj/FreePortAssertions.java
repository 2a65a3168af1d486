package io.github.freeport.assertj;

import static org.apiguardian.api.API.Status.STABLE;

import io.github.freeport.PortReservation;
import org.apiguardian.api.API;

/**
 * The entry point to freeport's AssertJ assertions, beside AssertJ's own {@code Assertions}:
 *
 * <pre>{@code
 * import static io.github.freeport.assertj.FreePortAssertions.assertThat;
 * import static io.github.freeport.assertj.FreePortAssertions.assertThatPort;
 *
 * assertThat(reservation).isLeasedByThisJvm().isFree();
 * assertThatPort(8080).isListening();
 * }</pre>
 *
 * Port numbers get {@code assertThatPort}: an {@code assertThat(int)} would clash with AssertJ's.
 */
@API(status = STABLE, since = "0.1")
public final class FreePortAssertions {

	private FreePortAssertions() {
	}

	/**
	 * Assertions on a reservation: lease, release, socket state.
	 *
	 * @param actual the reservation under test
	 * @return the assertions on it
	 */
	public static PortAssert assertThat(PortReservation actual) {
		return new PortAssert(actual);
	}

	/**
	 * Assertions on a port number: lease and socket state.
	 *
	 * @param actual the port number under test, 1-65535
	 * @return the assertions on it
	 * @throws IllegalArgumentException unless the port is 1-65535
	 */
	public static PortNumberAssert assertThatPort(int actual) {
		return new PortNumberAssert(actual);
	}
}
