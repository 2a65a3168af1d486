package io.github.freeport;

import java.nio.channels.NetworkChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledFuture;

import io.github.freeport.allocation.BoundChannels;
import io.github.freeport.config.Configuration;
import io.github.freeport.logs.LeaseNotice.Kind;
import io.github.freeport.logs.UnclosedReservations;
import io.github.freeport.registry.Lease;

/**
 * What a reservation holds, apart from the handle its user holds: the registry lease, the trace, the
 * sockets kept bound until hand-off, and how its life ends. A scope (a JUnit store) holds this state
 * itself; a reservation made with {@code Ports} is handed out as a {@link WatchedReservation} around it,
 * so that the state can be released when that handle becomes unreachable. It ends once: by
 * {@link #close()}, by its expiry, or as a leak; whatever comes later is a no-op.
 */
final class LeaseState implements PortReservation, UnclosedReservations.Reservation {

	private final Lease lease;
	private final AllocationTrace trace;
	private final Configuration configuration;
	/** Where it was reserved; {@code null} for a scoped reservation without expiry, which never warns. */
	private final ReservingFrame frame;
	private final Duration expireAfter;
	private final boolean watched;
	private List<NetworkChannel> held;
	private ScheduledFuture<?> expiry;
	/**
	 * How it ended: {@code null} while it holds, else {@code closed}, {@code expired} or {@code released as a
	 * leak}. Written under the lock; read without it where a stale {@code null} only means taking the lock.
	 */
	private volatile String ended;

	/**
	 * @param frame where it was reserved, or {@code null} when nothing will ever warn about it
	 * @param expireAfter when it ends by itself, or {@code null}
	 * @param watched whether it is listed while open (made with {@code Ports}, no scope holds it)
	 */
	LeaseState(Lease lease, AllocationTrace trace, List<NetworkChannel> held, Configuration configuration,
			ReservingFrame frame, Duration expireAfter, boolean watched) {
		this.lease = lease;
		this.trace = trace;
		this.held = held;
		this.configuration = configuration;
		this.frame = frame;
		this.expireAfter = expireAfter;
		this.watched = watched;
		if (watched) {
			UnclosedReservations.opened(this);
		}
		if (expireAfter != null) {
			synchronized (this) { // a short expiry must find its future set
				expiry = ExpiryTimer.schedule(new Expiry(this), expireAfter);
			}
		}
	}

	@Override
	public int port() {
		return lease.port();
	}

	@Override
	public Protocol protocol() {
		return lease.protocol();
	}

	@Override
	public AllocationTrace trace() {
		return trace;
	}

	@Override
	public String reservedBy() {
		return String.valueOf(frame);
	}

	@Override
	public Duration expireAfter() {
		return expireAfter;
	}

	@Override
	public Configuration configuration() {
		return configuration;
	}

	@Override
	public boolean isReleased() {
		return lease.isReleased();
	}

	@Override
	public synchronized boolean isHeld() {
		return !held.isEmpty();
	}

	@Override
	public synchronized int handOff() {
		if (lease.isReleased()) {
			throw new IllegalStateException("Cannot hand off " + this + ": the reservation is "
					+ (ended == null ? "closed" : ended));
		}
		BoundChannels.closeAll(held);
		held = List.of();
		return port();
	}

	@Override
	public void close() {
		end("closed");
	}

	/** Its handle became unreachable: released, logged, then warned about (so the log has it once the warning is out), unless it was closed before. */
	void leaked() {
		if (ended == null && end("released as a leak")) { // closed: the cleaner's action on close() stops here
			UnclosedReservations.ended(this, Kind.LEAKED);
			warn("freeport: " + protocol() + " port " + port() + " was never closed;"
					+ " released it when its PortReservation became unreachable. Reserved by " + frame + " for "
					+ trace.owner() + ". Close reservations, e.g. with try-with-resources.");
		}
	}

	/** Its expiry came: released, logged, then warned about, unless it was closed before. */
	void expire() {
		if (end("expired")) {
			UnclosedReservations.ended(this, Kind.EXPIRED);
			warn("freeport: " + protocol() + " port " + port() + " expired after "
					+ expireAfter.toMillis() + " ms without close(); released it. Reserved by " + frame + " for "
					+ trace.owner() + ".");
		}
	}

	/** Looked up when a warning is logged: a run that warns of nothing starts no logging framework. */
	private static void warn(String message) {
		System.getLogger(LeaseState.class.getPackageName()).log(System.Logger.Level.WARNING, message);
	}

	/** Closes the sockets and releases the lease, once; whether this call did it. */
	private synchronized boolean end(String how) {
		if (!held.isEmpty()) { // the usual reservation holds no socket: nothing to load for it
			BoundChannels.closeAll(held);
			held = List.of();
		}
		if (ended != null) {
			return false;
		}
		ended = how;
		if (watched) {
			UnclosedReservations.closed(this); // before the release: a session ending now must not list it
		}
		if (expiry != null) {
			expiry.cancel(false);
		}
		lease.release();
		trace.markReleased(System.nanoTime());
		return true;
	}

	@Override
	public String toString() {
		return "PortReservation[" + protocol() + " " + port() + (isHeld() ? ", held" : "") + (isReleased() ? ", released" : "") + "]";
	}

	/** The timer's task: holds the state, never the handle, so that a handle with an expiry can still leak. */
	private static final class Expiry implements Runnable {

		private final LeaseState state;

		Expiry(LeaseState state) {
			this.state = state;
		}

		@Override
		public void run() {
			state.expire();
		}
	}
}
