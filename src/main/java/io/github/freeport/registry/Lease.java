package io.github.freeport.registry;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.github.freeport.Protocol;
import org.apiguardian.api.API;

/**
 * A port leased in the registry: one byte-range lock per protocol, held until {@link #release()}. The
 * locks themselves live in the registry's table, so that they can be moved when the lock file is replaced.
 */
@API(status = INTERNAL, since = "0.1")
public final class Lease {

	private final Leasing leasing;
	private final int port;
	private final Protocol protocol;
	private final long[] positions;
	private final Holder holder;
	/** Set once, under this lease's monitor (an atomic boolean is a chain of method-handle calls in a young JVM). */
	private volatile boolean released;

	Lease(Leasing leasing, int port, Protocol protocol, long[] positions, Holder holder) {
		this.leasing = leasing;
		this.port = port;
		this.protocol = protocol;
		this.positions = positions;
		this.holder = holder;
	}

	public int port() {
		return port;
	}

	public Protocol protocol() {
		return protocol;
	}

	public Holder holder() {
		return holder;
	}

	public boolean isReleased() {
		return released;
	}

	/** Releases the locks and marks the metadata released. Idempotent. */
	public void release() {
		synchronized (this) {
			if (released) {
				return;
			}
			released = true;
		}
		leasing.release(positions, holder);
	}

	@Override
	public String toString() {
		return protocol + " " + port + " held by " + holder;
	}
}
