package io.github.freeport.awaitility;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.Objects;
import java.util.concurrent.Callable;

import io.github.freeport.PortReservation;
import io.github.freeport.Protocol;
import io.github.freeport.allocation.BindProbe;
import io.github.freeport.allocation.ConnectProbe;
import org.apiguardian.api.API;

/**
 * Port conditions to wait for, as {@code Callable<Boolean>}:
 *
 * <pre>{@code
 * await().atMost(Duration.ofSeconds(10)).until(PortConditions.listening(port));
 * }</pre>
 *
 * Plain JDK: this class needs no Awaitility on the classpath, so the conditions also serve a hand-written
 * polling loop. For failures that say what was found, use {@link PortExpectations} with {@code untilAsserted}.
 */
@API(status = STABLE, since = "0.1")
public final class PortConditions {

	private PortConditions() {
	}

	/**
	 * True once a TCP connection to the port on loopback is accepted.
	 *
	 * @param port the port number, 1-65535
	 * @return a condition for {@code until}
	 * @throws IllegalArgumentException unless the port is 1-65535
	 */
	public static Callable<Boolean> listening(int port) {
		checkPort(port);
		return () -> ConnectProbe.probe(port).isEmpty();
	}

	/**
	 * True once a TCP connection to the reservation's port on loopback is accepted.
	 *
	 * @param reservation the reservation whose port to check
	 * @return a condition for {@code until}
	 */
	public static Callable<Boolean> listening(PortReservation reservation) {
		return listening(Objects.requireNonNull(reservation, "reservation").port());
	}

	/**
	 * True once the port can be bound over TCP on all interfaces (e.g. a server under test has shut down).
	 *
	 * @param port the port number, 1-65535
	 * @return a condition for {@code until}
	 * @throws IllegalArgumentException unless the port is 1-65535
	 */
	public static Callable<Boolean> free(int port) {
		return free(port, Protocol.TCP);
	}

	/**
	 * True once the port can be bound for the protocol on all interfaces.
	 *
	 * @param port the port number, 1-65535
	 * @param protocol the transport to check
	 * @return a condition for {@code until}
	 * @throws IllegalArgumentException unless the port is 1-65535
	 */
	public static Callable<Boolean> free(int port, Protocol protocol) {
		checkPort(port);
		Objects.requireNonNull(protocol, "protocol");
		return () -> BindProbe.probe(port, protocol).isEmpty();
	}

	/**
	 * True once the reservation has been closed (e.g. by another thread, or at the end of its scope).
	 *
	 * @param reservation the reservation to watch
	 * @return a condition for {@code until}
	 */
	public static Callable<Boolean> released(PortReservation reservation) {
		Objects.requireNonNull(reservation, "reservation");
		return reservation::isReleased;
	}

	static void checkPort(int port) {
		if (port < 1 || port > 65535) {
			throw new IllegalArgumentException("Invalid port " + port + ": expected 1-65535");
		}
	}
}
