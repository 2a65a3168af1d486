package io.github.freeport.assertj;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.Optional;

import io.github.freeport.PortReservation;
import io.github.freeport.Protocol;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a {@link PortReservation}; start with {@link FreePortAssertions#assertThat(PortReservation)}:
 *
 * <pre>{@code
 * assertThat(reservation).isNotReleased().isLeasedByThisJvm().isFree();
 * server.start(reservation.port());
 * assertThat(reservation).isListening();
 * }</pre>
 *
 * Socket checks use the reservation's protocol; {@link #isListening()} connects over TCP to loopback.
 * Failure messages say what was expected, what was found and who holds the port.
 */
@API(status = STABLE, since = "0.1")
public class PortAssert extends AbstractAssert<PortAssert, PortReservation> {

	/**
	 * For {@link FreePortAssertions} and soft assertions, which proxy this constructor.
	 *
	 * @param actual the reservation under test
	 */
	public PortAssert(PortReservation actual) {
		super(actual, PortAssert.class);
	}

	/**
	 * Verifies that the port can be bound right now, on all interfaces, for the reservation's protocol.
	 *
	 * @return this assertion, for chaining
	 */
	public PortAssert isFree() {
		return check(PortChecks.free(port(), protocol()));
	}

	/**
	 * Verifies that the port cannot be bound right now: something (say, the server under test) has bound it.
	 *
	 * @return this assertion, for chaining
	 */
	public PortAssert isNotFree() {
		return check(PortChecks.notFree(port(), protocol()));
	}

	/**
	 * Verifies that a TCP connection to the port on loopback is accepted.
	 *
	 * @return this assertion, for chaining
	 */
	public PortAssert isListening() {
		return check(PortChecks.listening(port()));
	}

	/**
	 * Verifies that no TCP connection to the port on loopback is accepted.
	 *
	 * @return this assertion, for chaining
	 */
	public PortAssert isNotListening() {
		return check(PortChecks.notListening(port()));
	}

	/**
	 * Verifies that the port's lease in the freeport registry is held by the given process.
	 *
	 * @param pid the process expected to hold the lease
	 * @return this assertion, for chaining
	 */
	public PortAssert isHeldBy(long pid) {
		return check(PortChecks.heldBy(port(), protocol(), pid));
	}

	/**
	 * Verifies that the port's lease in the freeport registry is held by this JVM.
	 *
	 * @return this assertion, for chaining
	 */
	public PortAssert isLeasedByThisJvm() {
		return isHeldBy(ProcessHandle.current().pid());
	}

	/**
	 * Verifies that the reservation was closed.
	 *
	 * @return this assertion, for chaining
	 */
	public PortAssert isReleased() {
		isNotNull();
		if (!actual.isReleased()) {
			failWithMessage("%nExpected %s to be released%nbut it still holds its lease (%s)", actual,
				PortHolderDescription.describe(port(), protocol()));
		}
		return myself;
	}

	/**
	 * Verifies that the reservation was not closed yet.
	 *
	 * @return this assertion, for chaining
	 */
	public PortAssert isNotReleased() {
		isNotNull();
		if (actual.isReleased()) {
			failWithMessage("%nExpected %s not to be released%nbut it was released at %s", actual, actual.trace().releasedAt());
		}
		return myself;
	}

	/**
	 * Verifies that the reserved port number is the given one.
	 *
	 * @param expected the expected port number
	 * @return this assertion, for chaining
	 */
	public PortAssert hasPort(int expected) {
		isNotNull();
		if (actual.port() != expected) {
			failWithActualExpectedAndMessage(actual.port(), expected, "%nExpected %s to have port %d%nbut it has port %d", actual,
				expected, actual.port());
		}
		return myself;
	}

	/**
	 * Verifies that the reservation is for the given protocol.
	 *
	 * @param expected the expected protocol
	 * @return this assertion, for chaining
	 */
	public PortAssert hasProtocol(Protocol expected) {
		isNotNull();
		if (actual.protocol() != expected) {
			failWithActualExpectedAndMessage(actual.protocol(), expected, "%nExpected %s to be for %s%nbut it is for %s", actual,
				expected, actual.protocol());
		}
		return myself;
	}

	private int port() {
		isNotNull();
		return actual.port();
	}

	private Protocol protocol() {
		return actual.protocol();
	}

	private PortAssert check(Optional<String> failure) {
		// passed as an argument, never as the format: command lines may contain '%'
		failure.ifPresent(message -> failWithMessage("%s", message));
		return myself;
	}
}
