package io.github.freeport.testcontainers;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.Objects;

import io.github.freeport.PortReservation;
import org.apiguardian.api.API;
import org.testcontainers.Testcontainers;
import org.testcontainers.containers.GenericContainer;

/**
 * Lets containers reach a server the test runs on the host, on a reserved port. Two ways, each returning
 * the host name to use inside the container (with the reserved port):
 *
 * <ul>
 * <li>{@link #throughGateway}: the Docker bridge gateway, under {@value #GATEWAY_HOST}. Needs no helper
 * container; the host server must listen on all interfaces (or on the bridge's gateway address), and the
 * engine must know {@code host-gateway} (Docker 20.10+). Does not work where the engine runs in a VM
 * without that mapping.</li>
 * <li>{@link #throughTunnel}: Testcontainers' own {@code Testcontainers.exposeHostPorts}, under
 * {@value #TUNNEL_HOST}. Works with remote engines too, but starts Testcontainers' sshd container, whose
 * image must be pullable (or present): offline it blocks on pull retries.</li>
 * </ul>
 */
@API(status = STABLE, since = "0.1")
public final class HostPortAccess {

	/** The name containers reach the host by through {@link #throughGateway}. */
	public static final String GATEWAY_HOST = "host.docker.internal";

	/** The name containers reach the host by through {@link #throughTunnel}. */
	public static final String TUNNEL_HOST = "host.testcontainers.internal";

	private HostPortAccess() {
	}

	/**
	 * Maps {@value #GATEWAY_HOST} to the Docker bridge gateway in the container (an extra host entry,
	 * {@code --add-host host.docker.internal:host-gateway}); call before the container starts.
	 *
	 * @param container the container that will connect to the host
	 * @param reservation the open TCP reservation the host side listens on
	 * @return {@value #GATEWAY_HOST}: inside the container, the reserved port is at this host
	 */
	public static String throughGateway(GenericContainer<?> container, PortReservation reservation) {
		Objects.requireNonNull(container, "container");
		requireOpen(reservation);
		container.withExtraHost(GATEWAY_HOST, "host-gateway");
		return GATEWAY_HOST;
	}

	/**
	 * Exposes the reserved host port through Testcontainers' sshd tunnel to containers started afterwards
	 * (with {@code withAccessToHost(true)}, or any container once a port is exposed). Starts the sshd
	 * container now: it must be pullable or present.
	 *
	 * @param reservation the open TCP reservation the host side listens on
	 * @return {@value #TUNNEL_HOST}: inside the container, the reserved port is at this host
	 */
	public static String throughTunnel(PortReservation reservation) {
		requireOpen(reservation);
		Testcontainers.exposeHostPorts(reservation.port());
		return TUNNEL_HOST;
	}

	private static void requireOpen(PortReservation reservation) {
		Objects.requireNonNull(reservation, "reservation");
		if (reservation.isReleased() || !reservation.protocol().includesTcp()) {
			throw new IllegalArgumentException("Cannot give containers access to " + reservation
					+ ": expected an open reservation that includes TCP");
		}
	}
}
