package io.github.freeport;

import static org.apiguardian.api.API.Status.INTERNAL;
import static org.apiguardian.api.API.Status.STABLE;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import org.apiguardian.api.API;

/**
 * What one reservation took: the candidates tried, in order, with why each was refused, and the port
 * that was handed out. It is what makes a conflict met in CI readable, and reproducible, afterwards.
 */
@API(status = STABLE, since = "0.1")
public final class AllocationTrace {

	/** Why a candidate port was not handed out. */
	@API(status = STABLE, since = "0.1")
	public enum Refusal {
		/** Another thread of this JVM holds the lease. */
		LEASED_IN_THIS_JVM,
		/** Another process holds the lease in the registry. */
		LEASED_BY_OTHER_PROCESS,
		/** The port was released moments ago and rests before it is handed out again. */
		QUARANTINED,
		/** The lease was taken but the port could not be bound: something outside the registry holds it. */
		BIND_FAILED
	}

	/** One refused candidate: the port, why, and what is known of the holder. */
	@API(status = STABLE, since = "0.1")
	public record Attempt(int port, Refusal refusal, String detail) {

		/**
		 * @param port the refused candidate
		 * @param refusal why it was refused
		 * @param detail what is known of the holder, or empty
		 */
		public Attempt {
			Objects.requireNonNull(refusal, "refusal");
			Objects.requireNonNull(detail, "detail");
		}

		@Override
		public String toString() {
			return port + " " + refusal.name().toLowerCase().replace('_', ' ') + (detail.isEmpty() ? "" : " (" + detail + ")");
		}
	}

	private static final Map<Integer, String> NO_HOLDERS = Map.of();
	private static final List<String> NO_USES = List.of();
	private static final List<Attempt> NO_ATTEMPTS = List.of();

	private final String owner;
	private final Protocol protocol;
	private final int port;
	private final String strategy;
	private final List<Attempt> attempts;
	/** When the allocation started: given, or made from {@link #startedNanos} when first asked for. */
	private volatile Instant startedAt;
	/** {@link System#nanoTime()} when the allocation started, for a trace made from the clock readings alone. */
	private final long startedNanos;
	private final long durationNanos;
	private final long pid;
	private final String fork;
	private final long waitedNanos;
	private volatile Instant releasedAt;
	/** {@link System#nanoTime()} when released, or {@link #NOT_RELEASED}: made an instant when first asked for. */
	private volatile long releasedNanos = NOT_RELEASED;
	/** The holders of bind-failed candidates, once looked up (after the allocation, off its path). */
	private volatile Map<Integer, String> holders = NO_HOLDERS;
	/** What the port was used for; made on the first use noted, since most ports have none. */
	private volatile List<String> uses = NO_USES;

	/**
	 * A trace without fork or wait: see the full constructor for the parameters.
	 *
	 * @param owner who asked
	 * @param protocol the transport
	 * @param port the port handed out
	 * @param strategy how candidates were chosen
	 * @param attempts the refused candidates, in order
	 * @param startedAt when the allocation started
	 * @param duration how long it took
	 * @param pid the process that holds the reservation
	 */
	@API(status = INTERNAL, since = "0.1")
	public AllocationTrace(String owner, Protocol protocol, int port, String strategy, List<Attempt> attempts,
			Instant startedAt, Duration duration, long pid) {
		this(owner, protocol, port, strategy, attempts, startedAt, duration, pid, "", Duration.ZERO);
	}

	/**
	 * @param owner who asked: a JUnit unique id, or what the programmatic caller named
	 * @param protocol the transport
	 * @param port the port handed out
	 * @param strategy how candidates were chosen
	 * @param attempts the refused candidates, in the order they were tried
	 * @param startedAt when the allocation started
	 * @param duration how long it took, waits included
	 * @param pid the process that holds the reservation
	 * @param fork the build tool's fork or worker id where known, else empty: a hint for humans
	 * @param waited how much of {@code duration} was spent waiting for releases in an exhausted range
	 */
	@API(status = INTERNAL, since = "0.1")
	public AllocationTrace(String owner, Protocol protocol, int port, String strategy, List<Attempt> attempts,
			Instant startedAt, Duration duration, long pid, String fork, Duration waited) {
		this(owner, protocol, port, strategy, attempts, 0L, Objects.requireNonNull(duration, "duration").toNanos(), pid, fork,
			Objects.requireNonNull(waited, "waited").toNanos());
		this.startedAt = Objects.requireNonNull(startedAt, "startedAt");
	}

	/**
	 * A trace of the clock readings the allocator took: the instants are made from them when first asked for
	 * (see {@link WallClock}), not on the allocation path, where a young JVM interprets every call.
	 *
	 * @param owner who asked: a JUnit unique id, or what the programmatic caller named
	 * @param protocol the transport
	 * @param port the port handed out
	 * @param strategy how candidates were chosen
	 * @param attempts the refused candidates, in the order they were tried
	 * @param startedNanos {@link System#nanoTime()} when the allocation started
	 * @param durationNanos how long it took in nanoseconds, waits included
	 * @param pid the process that holds the reservation
	 * @param fork the build tool's fork or worker id where known, else empty: a hint for humans
	 * @param waitedNanos how much of that was spent waiting for releases in an exhausted range
	 * @see #AllocationTrace(String, Protocol, int, String, List, Instant, Duration, long, String, Duration)
	 */
	@API(status = INTERNAL, since = "0.1")
	public AllocationTrace(String owner, Protocol protocol, int port, String strategy, List<Attempt> attempts,
			long startedNanos, long durationNanos, long pid, String fork, long waitedNanos) {
		this.owner = Objects.requireNonNull(owner, "owner");
		this.protocol = Objects.requireNonNull(protocol, "protocol");
		this.port = port;
		this.strategy = Objects.requireNonNull(strategy, "strategy");
		this.attempts = attempts.isEmpty() ? NO_ATTEMPTS : List.copyOf(attempts);
		this.startedNanos = startedNanos;
		this.durationNanos = durationNanos;
		this.pid = pid;
		this.fork = Objects.requireNonNull(fork, "fork");
		this.waitedNanos = waitedNanos;
	}

	/** {@return who asked: a JUnit unique id, or what the programmatic caller named} */
	public String owner() {
		return owner;
	}

	/** {@return the transport the port was reserved for} */
	public Protocol protocol() {
		return protocol;
	}

	/** {@return the port handed out} */
	public int port() {
		return port;
	}

	/** {@return how candidates were chosen, e.g. {@code preferred, then random in 10000-32767,61000-65535}} */
	public String strategy() {
		return strategy;
	}

	/**
	 * The refused candidates, in the order they were tried. A candidate whose bind probe failed names its
	 * holder (pid and command line) once the lookup, which runs after the allocation, has found it.
	 *
	 * @return the refused candidates, in the order they were tried
	 */
	public List<Attempt> attempts() {
		Map<Integer, String> named = holders;
		if (named.isEmpty()) {
			return attempts;
		}
		List<Attempt> withHolders = new ArrayList<>(attempts.size());
		for (Attempt attempt : attempts) {
			String holder = attempt.refusal() == Refusal.BIND_FAILED ? named.get(attempt.port()) : null;
			withHolders.add(holder == null ? attempt : new Attempt(attempt.port(), attempt.refusal(),
				attempt.detail() + (attempt.detail().isEmpty() ? "" : "; ") + "held by " + holder));
		}
		return List.copyOf(withHolders);
	}

	/**
	 * Names the holders of candidates refused because their bind probe failed. Not API: the allocator
	 * calls it when its lookup is done.
	 *
	 * @param found each port's holder, as one line: {@code pid 4242: python3 -m http.server}
	 */
	@API(status = INTERNAL, since = "0.1")
	public synchronized void nameHolders(Map<Integer, String> found) {
		if (!found.isEmpty()) {
			Map<Integer, String> named = new HashMap<>(holders);
			named.putAll(found);
			holders = Map.copyOf(named);
		}
	}

	/** {@return when the allocation started} */
	public Instant startedAt() {
		Instant known = startedAt;
		if (known == null) {
			known = WallClock.at(startedNanos);
			startedAt = known;
		}
		return known;
	}

	/** {@return how long the allocation took, waits for an exhausted range included} */
	public Duration duration() {
		return Duration.ofNanos(durationNanos);
	}

	/** {@return the process that holds the reservation} */
	public long pid() {
		return pid;
	}

	/** {@return the build tool's fork or worker id ({@code surefire.forkNumber}, {@code org.gradle.test.worker}), or empty} */
	public String fork() {
		return fork;
	}

	/** {@return how long the allocation waited for releases because every candidate was refused; zero if it never did} */
	public Duration waited() {
		return waitedNanos == 0 ? Duration.ZERO : Duration.ofNanos(waitedNanos);
	}

	/** {@return when the reservation was released, or {@code null} while it holds} */
	public Instant releasedAt() {
		Instant known = releasedAt;
		if (known == null) {
			long nanos = releasedNanos;
			if (nanos != NOT_RELEASED) {
				known = WallClock.at(nanos);
				releasedAt = known;
			}
		}
		return known;
	}

	/**
	 * Records what the port was used for, e.g. a container's port mapping; it goes into the allocation
	 * log with the reservation.
	 *
	 * @param use what the port was used for, e.g. {@code container port 5432}
	 */
	public void noteUse(String use) {
		Objects.requireNonNull(use, "use");
		synchronized (this) {
			List<String> noted = new java.util.ArrayList<>(uses);
			noted.add(use);
			uses = List.copyOf(noted);
		}
	}

	/** {@return what the port was used for, as recorded with {@link #noteUse(String)}} */
	public List<String> uses() {
		return uses;
	}

	/** Records the release, at {@code nanos} by {@link System#nanoTime()}. */
	void markReleased(long nanos) {
		this.releasedNanos = nanos;
	}

	/** "Not released yet" in {@link #releasedNanos}: a reading {@link System#nanoTime()} does not give in practice. */
	private static final long NOT_RELEASED = Long.MIN_VALUE;

	/**
	 * Turns {@link System#nanoTime()} readings into instants: one reading of both clocks, taken the first time
	 * an instant is asked for, then the elapsed nanoseconds from there. Both clocks advance alike (NTP slews
	 * both); a step of the wall clock after that reading is not followed, which shifts the instants of this
	 * JVM's traces by the step, their order and durations unchanged.
	 */
	private static final class WallClock {

		// the wall clock first: an instant made here is then early, never late, by the moment between the
		// two readings, so a release is never stamped after what a test read from the wall clock once it closed
		private static final Instant AT = Instant.now();
		private static final long NANOS = System.nanoTime();

		static Instant at(long nanos) {
			return AT.plusNanos(nanos - NANOS);
		}
	}

	@Override
	public String toString() {
		String tried = attempts.isEmpty() ? "first candidate"
				: attempts.size() + " refused: " + attempts().stream().map(Attempt::toString).collect(Collectors.joining(", "));
		return protocol + " port " + port + " for " + owner + " (" + strategy + "; " + tried + "; "
				+ durationNanos / 1000 + " µs)";
	}
}
