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
	 * @throws IllegalArgumentException unless the port is 1-65535
	 */
	public PortNumberAssert(Integer actual) {
		super(actual, PortNumberAssert.class);
		if (actual != null && (actual < 1 || actual > 65535)) {
			throw new IllegalArgumentException("Invalid port " + actual + ": expected 1-65535");
		}
	}

	/** The port can be bound over TCP right now, on all interfaces. */
	public PortNumberAssert isFree() {
		return isFree(Protocol.TCP);
	}

	/** The port can be bound for the protocol right now, on all interfaces. */
	public PortNumberAssert isFree(Protocol protocol) {
		return check(PortChecks.free(port(), protocol));
	}

	/** The port cannot be bound over TCP right now. */
	public PortNumberAssert isNotFree() {
		return isNotFree(Protocol.TCP);
	}

	/** The port cannot be bound for the protocol right now. */
	public PortNumberAssert isNotFree(Protocol protocol) {
		return check(PortChecks.notFree(port(), protocol));
	}

	/** A TCP connection to the port on loopback is accepted. */
	public PortNumberAssert isListening() {
		return check(PortChecks.listening(port()));
	}

	/** No TCP connection to the port on loopback is accepted. */
	public PortNumberAssert isNotListening() {
		return check(PortChecks.notListening(port()));
	}

	/** The port's TCP lease in the freeport registry is held by the given process. */
	public PortNumberAssert isHeldBy(long pid) {
		return check(PortChecks.heldBy(port(), Protocol.TCP, pid));
	}

	/** The port's TCP lease in the freeport registry is held by this JVM. */
	public PortNumberAssert isLeasedByThisJvm() {
		return isHeldBy(ProcessHandle.current().pid());
	}

	/** Nobody holds the port's TCP lease in the freeport registry. */
	public PortNumberAssert isNotLeased() {
		return isNotLeased(Protocol.TCP);
	}

	/** Nobody holds the port's lease for the protocol in the freeport registry. */
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
