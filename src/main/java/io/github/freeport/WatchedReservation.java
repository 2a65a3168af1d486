package io.github.freeport;

import java.lang.ref.Cleaner;
import java.lang.ref.Reference;

/**
 * The handle of a reservation made with {@code Ports}, which no scope holds: the user holds this, and the
 * {@link LeaseState} behind it is registered with a {@link Cleaner}. When the handle becomes unreachable
 * without {@link #close()}, the cleaner releases the lease and warns, naming the port and the frame that
 * reserved it. The cleaner's action refers to the state only, never to the handle, or nothing would ever
 * become unreachable.
 */
final class WatchedReservation implements PortReservation {

	private final LeaseState state;
	private final Cleaner.Cleanable cleanable;

	WatchedReservation(LeaseState state) {
		this.state = state;
		this.cleanable = Leaks.CLEANER.register(this, new Leak(state));
	}

	@Override
	public int port() {
		return state.port();
	}

	@Override
	public Protocol protocol() {
		return state.protocol();
	}

	@Override
	public AllocationTrace trace() {
		return state.trace();
	}

	@Override
	public boolean isHeld() {
		return state.isHeld();
	}

	@Override
	public int handOff() {
		try {
			return state.handOff();
		}
		finally {
			Reference.reachabilityFence(this);
		}
	}

	@Override
	public boolean isReleased() {
		return state.isReleased();
	}

	@Override
	public void close() {
		state.close();
		cleanable.clean(); // unregisters; the action finds the state closed and does nothing
		Reference.reachabilityFence(this);
	}

	@Override
	public String toString() {
		return state.toString();
	}

	/** The cleaner's action. */
	private static final class Leak implements Runnable {

		private final LeaseState state;

		Leak(LeaseState state) {
			this.state = state;
		}

		@Override
		public void run() {
			state.leaked();
		}
	}

	/** Holds the cleaner, whose daemon thread starts with the first reservation made with {@code Ports}. */
	private static final class Leaks {

		static final Cleaner CLEANER = Cleaner.create(task -> {
			Thread thread = new Thread(task, "freeport-leaks");
			thread.setDaemon(true);
			thread.setContextClassLoader(null); // the first caller's class loader must not stay reachable from here
			return thread;
		});
	}
}
