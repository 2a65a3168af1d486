package io.github.freeport.assertj;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.Optional;

import io.github.freeport.Protocol;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a port number; start with {@link FreePortAssertions#assertThatPort(int)}:
 *
 * <pre>{@code
 * assertThatPort(8080).isNotLeased().isFree();
 * }</pre>
 *
 * Checks are for TCP unless a method takes a {@link Protocol}; {@link #isListening()} connects over TCP to
 * loopback. Failure messages say what was expected, what was found and who holds the port.
 */
@API(status = STABLE, since = "0.1")
public class PortNumberAssert extends AbstractAssert<PortNumberAssert, Integer> {

	/**
	 * For {@link FreePortAssertions} and soft assertions, which proxy this constructor.
	 *
	 * @param actual the port number under test, 1-65535
	 * @throws IllegalArgumentException unless the port is 1-65535
	 */
	public PortNumberAssert(Integer actual) {
		super(actual, PortNumberAssert.class);
		if (actual != null && (actual < 1 || actual > 65535)) {
			throw new IllegalArgumentException("Invalid port " + actual + ": expected 1-65535");
		}
	}

	/**
	 * Verifies that the port can be bound over TCP right now, on all interfaces.
	 *
	 * @return this assertion, for chaining
	 */
	public PortNumberAssert isFree() {
		return isFree(Protocol.TCP);
	}

	/**
	 * Verifies that the port can be bound for the protocol right now, on all interfaces.
	 *
	 * @param protocol the transport to check
	 * @return this assertion, for chaining
	 */
	public PortNumberAssert isFree(Protocol protocol) {
		return check(PortChecks.free(port(), protocol));
	}

	/**
	 * Verifies that the port cannot be bound over TCP right now.
	 *
	 * @return this assertion, for chaining
	 */
	public PortNumberAssert isNotFree() {
		return isNotFree(Protocol.TCP);
	}

	/**
	 * Verifies that the port cannot be bound for the protocol right now.
	 *
	 * @param protocol the transport to check
	 * @return this assertion, for chaining
	 */
	public PortNumberAssert isNotFree(Protocol protocol) {
		return check(PortChecks.notFree(port(), protocol));
	}

	/**
	 * Verifies that a TCP connection to the port on loopback is accepted.
	 *
	 * @return this assertion, for chaining
	 */
	public PortNumberAssert isListening() {
		return check(PortChecks.listening(port()));
	}

	/**
	 * Verifies that no TCP connection to the port on loopback is accepted.
	 *
	 * @return this assertion, for chaining
	 */
	public PortNumberAssert isNotListening() {
		return check(PortChecks.notListening(port()));
	}

	/**
	 * Verifies that the port's TCP lease in the freeport registry is held by the given process.
	 *
	 * @param pid the process expected to hold the lease
	 * @return this assertion, for chaining
	 */
	public PortNumberAssert isHeldBy(long pid) {
		return check(PortChecks.heldBy(port(), Protocol.TCP, pid));
	}

	/**
	 * Verifies that the port's TCP lease in the freeport registry is held by this JVM.
	 *
	 * @return this assertion, for chaining
	 */
	public PortNumberAssert isLeasedByThisJvm() {
		return isHeldBy(ProcessHandle.current().pid());
	}

	/**
	 * Verifies that nobody holds the port's TCP lease in the freeport registry.
	 *
	 * @return this assertion, for chaining
	 */
	public PortNumberAssert isNotLeased() {
		return isNotLeased(Protocol.TCP);
	}

	/**
	 * Verifies that nobody holds the port's lease for the protocol in the freeport registry.
	 *
	 * @param protocol the transport to check
	 * @return this assertion, for chaining
	 */
	public PortNumberAssert isNotLeased(Protocol protocol) {
		return check(PortChecks.notLeased(port(), protocol));
	}

	private int port() {
		isNotNull();
		return actual;
	}

	private PortNumberAssert check(Optional<String> failure) {
		// passed as an argument, never as the format: command lines may contain '%'
		failure.ifPresent(message -> failWithMessage("%s", message));
		return myself;
	}
}
