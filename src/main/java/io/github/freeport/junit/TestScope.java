package io.github.freeport.junit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.github.freeport.logs.AllocationEvent;
import io.github.freeport.logs.EventLog;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestIdentifier;

/**
 * One JUnit scope that {@code reserveForTest()} leases for: a test, a class or another container while it
 * runs, or the JVM outside any of them. It holds its reservations strongly until it ends, then closes those
 * still open; each release is logged once. Not API.
 *
 * <p>A test's scope keeps JUnit's {@link TestIdentifier} and asks it for the unique id, display name and kind
 * only when a reservation needs them: {@link ScopeListener} starts a scope for every test and container of
 * every run, also where nothing reserves a port, and the first unique id JUnit formats links a good part of its
 * code. The JVM's scope has none, so outside JUnit no JUnit class is loaded (a field's or method's types are
 * resolved only when that code runs).
 */
final class TestScope {

	/** The unique id that events of JVM-scoped reservations carry. */
	static final String JVM_ID = "[jvm]";

	private final TestRun run;
	/** The test or container, or {@code null} for the JVM. */
	private final TestIdentifier identifier;
	private final TestScope previous;
	/** Guarded by {@code this}. */
	private final List<ScopedReservation> reservations = new ArrayList<>();
	private boolean ended;
	/** Formatted when first asked for; the JVM's from the start. */
	private volatile String uniqueId;
	/** How its releases are published: {@code null} for a line in the JSON Lines file only. */
	private volatile ReservationPublisher publisher;

	/**
	 * @param run the run the scope belongs to, or {@code null} for the JVM scope (which logs in the latest run)
	 * @param identifier the test or container, or {@code null} for the JVM scope
	 * @param previous the scope the starting thread was in before, restored when this one finishes there
	 */
	TestScope(TestRun run, TestIdentifier identifier, TestScope previous) {
		this.run = run;
		this.identifier = identifier;
		this.previous = previous;
		this.uniqueId = identifier == null ? JVM_ID : null;
	}

	static TestScope jvm() {
		return new TestScope(null, null, null);
	}

	TestRun run() {
		return run;
	}

	String uniqueId() {
		String id = uniqueId;
		if (id == null) {
			id = identifier.getUniqueId();
			uniqueId = id;
		}
		return id;
	}

	String displayName() {
		return identifier == null ? "outside any test" : identifier.getDisplayName();
	}

	/** {@code test}, {@code class}, {@code container} or {@code jvm}: logged as the event's scope. */
	String kind() {
		if (identifier == null) {
			return "jvm";
		}
		if (identifier.isTest()) {
			return "test";
		}
		Optional<TestSource> source = identifier.getSource();
		return source.isPresent() && source.get() instanceof ClassSource ? "class" : "container";
	}

	TestScope previous() {
		return previous;
	}

	boolean isJvm() {
		return identifier == null;
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
		ReservationPublisher through = publisher;
		if (through != null) {
			through.adopted(this);
		}
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
		ReservationPublisher through = publisher;
		if (through != null) {
			through.publish(folder, this, reservation);
		}
		else {
			EventLog.append(folder, AllocationEvent.of(folder.getFileName().toString(), uniqueId(), displayName(), kind(),
				reservation.element(), reservation.trace()));
		}
	}

	private void publish(ScopedReservation reservation) {
		publish(reservation, run != null ? run : TestScopes.lastRun());
	}

	@Override
	public String toString() {
		return kind() + " " + uniqueId();
	}
}
