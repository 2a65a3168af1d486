package io.github.freeport.assertj;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.function.Consumer;

import io.github.freeport.PortReservation;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractSoftAssertions;
import org.assertj.core.api.SoftAssertionsProvider;

/**
 * Soft assertions on ports: every failure is collected and reported together.
 *
 * <pre>{@code
 * FreePortSoftAssertions softly = new FreePortSoftAssertions();
 * softly.assertThat(reservation).isNotReleased().isListening();
 * softly.assertThatPort(otherPort).isFree();
 * softly.assertAll();
 * }</pre>
 *
 * Or with {@code FreePortSoftAssertions.assertSoftly(softly -> ...)}, or injected by AssertJ's
 * {@code SoftAssertionsExtension}.
 */
@API(status = STABLE, since = "0.1")
public class FreePortSoftAssertions extends AbstractSoftAssertions {

	/**
	 * Soft assertions on a reservation.
	 *
	 * @param actual the reservation under test
	 * @return the assertions on it, collecting their failures
	 */
	public PortAssert assertThat(PortReservation actual) {
		return proxy(PortAssert.class, PortReservation.class, actual);
	}

	/**
	 * Soft assertions on a port number.
	 *
	 * @param actual the port number under test, 1-65535
	 * @return the assertions on it, collecting their failures
	 */
	public PortNumberAssert assertThatPort(int actual) {
		return proxy(PortNumberAssert.class, Integer.class, actual);
	}

	/**
	 * Runs the assertions and fails with all their failures together.
	 *
	 * @param assertions the soft assertions to run
	 */
	public static void assertSoftly(Consumer<FreePortSoftAssertions> assertions) {
		SoftAssertionsProvider.assertSoftly(FreePortSoftAssertions.class, assertions::accept);
	}
}
