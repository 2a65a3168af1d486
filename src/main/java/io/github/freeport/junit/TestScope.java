package io.github.freeport.junit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.github.freeport.logs.AllocationEvent;
import io.github.freeport.logs.EventLog;

/**
 * One JUnit scope that {@code reserveForTest()} leases for: a test, a class or another container while it
 * runs, or the JVM outside any of them. It holds its reservations strongly until it ends, then closes those
 * still open; each release is logged once. Not API.
 */
final class TestScope {

	/** The unique id that events of JVM-scoped reservations carry. */
	static final String JVM_ID = "[jvm]";

	private final TestRun run;
	private final String uniqueId;
	private final String displayName;
	private final String kind;
	private final TestScope previous;
	/** Guarded by {@code this}. */
	private final List<ScopedReservation> reservations = new ArrayList<>();
	private boolean ended;
	private volatile ReservationPublisher publisher;

	/**
	 * @param run the run the scope belongs to, or {@code null} for the JVM scope (which logs in the latest run)
	 * @param kind {@code test}, {@code class}, {@code container} or {@code jvm}: logged as the event's scope
	 * @param previous the scope the starting thread was in before, restored when this one finishes there
	 */
	TestScope(TestRun run, String uniqueId, String displayName, String kind, TestScope previous) {
		this.run = run;
		this.uniqueId = uniqueId;
		this.displayName = displayName;
		this.kind = kind;
		this.previous = previous;
		this.publisher = LOG_ONLY;
	}

	static TestScope jvm() {
		return new TestScope(null, JVM_ID, "outside any test", "jvm", null);
	}

	TestRun run() {
		return run;
	}

	String uniqueId() {
		return uniqueId;
	}

	String displayName() {
		return displayName;
	}

	String kind() {
		return kind;
	}

	TestScope previous() {
		return previous;
	}

	boolean isJvm() {
		return JVM_ID.equals(uniqueId);
	}

	synchronized boolean isEnded() {
		return ended;
	}

	/** Publishes this scope's releases through freeport's extension from now on (report entries too). */
	void publishWith(ReservationPublisher publisher) {
		this.publisher = publisher;
	}

	/** Takes a reservation into the scope; false when the scope has ended meanwhile. */
	boolean adopt(ScopedReservation reservation) {
		synchronized (this) {
			if (ended) {
				return false;
			}
			reservations.add(reservation);
		}
		publisher.adopted(this);
		return true;
	}

	/** Ends the scope: closes what it still holds, each release logged. Idempotent. */
	void end() {
		List<ScopedReservation> left;
		synchronized (this) {
			if (ended) {
				return;
			}
			ended = true;
			left = List.copyOf(reservations);
		}
		for (ScopedReservation reservation : left) {
			reservation.close();
		}
	}

	/** Called by a reservation when it is closed, by the user or by {@link #end()}. */
	void released(ScopedReservation reservation) {
		synchronized (this) {
			reservations.remove(reservation);
		}
		publish(reservation);
	}

	/** The reservations it holds now, for the JVM scope to log those still held when a run ends. */
	synchronized List<ScopedReservation> held() {
		return List.copyOf(reservations);
	}

	/** Logs a reservation's event once, in the given run's folder. */
	void publish(ScopedReservation reservation, TestRun in) {
		if (in == null || !reservation.claimPublication()) {
			return;
		}
		Path folder;
		try {
			folder = in.runFolder();
		}
		catch (RuntimeException e) {
			return; // an invalid log folder was reported when the reservation was made
		}
		publisher.publish(folder, this, reservation);
	}

	private void publish(ScopedReservation reservation) {
		publish(reservation, run != null ? run : TestScopes.lastRun());
	}

	/** How a scope publishes without freeport's extension: a line in the JSON Lines file. */
	private static final ReservationPublisher LOG_ONLY = new LogOnly();

	private static final class LogOnly implements ReservationPublisher {

		@Override
		public void publish(Path runFolder, TestScope scope, ScopedReservation reservation) {
			EventLog.append(runFolder, AllocationEvent.of(runFolder.getFileName().toString(), scope.uniqueId(),
				scope.displayName(), scope.kind(), reservation.element(), reservation.trace()));
		}
	}

	@Override
	public String toString() {
		return kind + " " + uniqueId;
	}
}
