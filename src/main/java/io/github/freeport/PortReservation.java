package io.github.freeport;

import static org.apiguardian.api.API.Status.STABLE;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import org.apiguardian.api.API;

/**
 * A port that is leased in the host's registry and was bindable when it was handed out.
 *
 * <p>The lease holds until {@link #close()}: no other JVM that uses freeport on this host is handed the
 * port meanwhile. Closing is idempotent. Under JUnit, {@link FreePort} closes reservations at the end of
 * their scope; programmatic users close them with try-with-resources.
 */
@API(status = STABLE, since = "0.1")
public interface PortReservation extends AutoCloseable {

	/** {@return the reserved port number} */
	int port();

	/** {@return the transport the port is reserved for} */
	Protocol protocol();

	/** {@return the loopback address with the reserved port} */
	default InetSocketAddress address() {
		return new InetSocketAddress(InetAddress.getLoopbackAddress(), port());
	}

	/** {@return how the port was found: every candidate tried and why it was refused} */
	AllocationTrace trace();

	/**
	 * {@return whether the reservation still holds the port bound ({@link PortRequest#hold()},
	 * {@code @FreePort(hold = true)}) and has not handed it off yet}
	 */
	boolean isHeld();

	/**
	 * Closes the sockets that hold the port bound, keeping the lease, so that the code under test can bind
	 * it: call it right before the code under test binds. Returns the port, for
	 * {@code server.start(reservation.handOff())}. Without held sockets it only returns the port.
	 *
	 * @return the reserved port number
	 * @throws IllegalStateException when the reservation is closed
	 */
	int handOff();

	/** {@return whether {@link #close()} has been called} */
	boolean isReleased();

	/** Releases the lease. Idempotent; never throws. */
	@Override
	void close();
}
