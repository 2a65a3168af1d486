package io.github.freeport.awaitility;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.Objects;

import io.github.freeport.PortReservation;
import io.github.freeport.Protocol;
import io.github.freeport.allocation.BindProbe;
import io.github.freeport.allocation.ConnectProbe;
import org.apiguardian.api.API;
import org.awaitility.core.ThrowingRunnable;

/**
 * Port expectations for Awaitility's {@code untilAsserted}: each throws an {@link AssertionError} that says
 * what was expected and what was found, so a timeout reports the last state seen:
 *
 * <pre>{@code
 * await().atMost(Duration.ofSeconds(10)).untilAsserted(PortExpectations.listening(port));
 * }</pre>
 *
 * Needs Awaitility on the classpath (for {@link ThrowingRunnable}); {@link PortConditions} does not.
 */
@API(status = STABLE, since = "0.1")
public final class PortExpectations {

	private PortExpectations() {
	}

	/**
	 * Passes once a TCP connection to the port on loopback is accepted.
	 *
	 * @param port the port number, 1-65535
	 * @return an expectation for {@code untilAsserted}
	 * @throws IllegalArgumentException unless the port is 1-65535
	 */
	public static ThrowingRunnable listening(int port) {
		PortConditions.checkPort(port);
		return () -> ConnectProbe.probe(port).ifPresent(failure -> {
			throw new AssertionError("Expected TCP port " + port + " to be listening (a connection to loopback accepted) but: "
					+ failure);
		});
	}

	/**
	 * Passes once a TCP connection to the reservation's port on loopback is accepted.
	 *
	 * @param reservation the reservation whose port to check
	 * @return an expectation for {@code untilAsserted}
	 */
	public static ThrowingRunnable listening(PortReservation reservation) {
		return listening(Objects.requireNonNull(reservation, "reservation").port());
	}

	/**
	 * Passes once the port can be bound over TCP on all interfaces.
	 *
	 * @param port the port number, 1-65535
	 * @return an expectation for {@code untilAsserted}
	 * @throws IllegalArgumentException unless the port is 1-65535
	 */
	public static ThrowingRunnable free(int port) {
		return free(port, Protocol.TCP);
	}

	/**
	 * Passes once the port can be bound for the protocol on all interfaces.
	 *
	 * @param port the port number, 1-65535
	 * @param protocol the transport to check
	 * @return an expectation for {@code untilAsserted}
	 * @throws IllegalArgumentException unless the port is 1-65535
	 */
	public static ThrowingRunnable free(int port, Protocol protocol) {
		PortConditions.checkPort(port);
		Objects.requireNonNull(protocol, "protocol");
		return () -> BindProbe.probe(port, protocol).ifPresent(failure -> {
			throw new AssertionError("Expected " + protocol + " port " + port + " to be free (bindable on all interfaces) but: "
					+ failure);
		});
	}

	/**
	 * Passes once the reservation has been closed.
	 *
	 * @param reservation the reservation to watch
	 * @return an expectation for {@code untilAsserted}
	 */
	public static ThrowingRunnable released(PortReservation reservation) {
		Objects.requireNonNull(reservation, "reservation");
		return () -> {
			if (!reservation.isReleased()) {
				throw new AssertionError("Expected " + reservation + " to be released but it still holds its lease");
			}
		};
	}
}
