package io.github.freeport;

import static org.apiguardian.api.API.Status.STABLE;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import org.apiguardian.api.API;

/**
 * A port kept busy on purpose, in the way its {@link #occupation()} says, until {@link #close()}.
 *
 * <p>Unlike a {@link PortReservation}, which hands out a port that is free for the caller to bind, an
 * occupation holds the port <em>against</em> the code under test, to exercise its fallback paths. The
 * port is leased in the host's registry as well, so no freeport user is handed it meanwhile.
 *
 * <p>Closing is idempotent and never throws: it closes the socket (or stops the holder process and waits
 * for it to be gone), then releases the lease.
 */
@API(status = STABLE, since = "0.1")
public interface PortOccupation extends AutoCloseable {

	/** {@return the occupied port number} */
	int port();

	/** {@return how the port is kept busy} */
	Occupation occupation();

	/** {@return the transport the port is occupied for} */
	default Protocol protocol() {
		return occupation().protocol();
	}

	/** {@return the loopback address with the occupied port: what a client of the occupied port would connect to} */
	default InetSocketAddress address() {
		return new InetSocketAddress(InetAddress.getLoopbackAddress(), port());
	}

	/**
	 * {@return the process that holds the port: the holder process for {@link Occupation#LISTENING_IN_OTHER_PROCESS},
	 * else this JVM}
	 */
	long holderPid();

	/** {@return whether {@link #close()} has been called} */
	boolean isReleased();

	/** Frees the port and releases the lease. Idempotent; never throws. */
	@Override
	void close();
}
