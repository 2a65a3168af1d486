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

	private final String owner;
	private final Protocol protocol;
	private final int port;
	private final String strategy;
	private final List<Attempt> attempts;
	private final Instant startedAt;
	private final Duration duration;
	private final long pid;
	private final String fork;
	private final Duration waited;
	private volatile Instant releasedAt;
	/** The holders of bind-failed candidates, once looked up (after the allocation, off its path). */
	private volatile Map<Integer, String> holders = Map.of();
	/** What the port was used for; made on the first use noted, since most ports have none. */
	private volatile List<String> uses = List.of();

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
		this.owner = Objects.requireNonNull(owner, "owner");
		this.protocol = Objects.requireNonNull(protocol, "protocol");
		this.port = port;
		this.strategy = Objects.requireNonNull(strategy, "strategy");
		this.attempts = List.copyOf(attempts);
		this.startedAt = Objects.requireNonNull(startedAt, "startedAt");
		this.duration = Objects.requireNonNull(duration, "duration");
		this.pid = pid;
		this.fork = Objects.requireNonNull(fork, "fork");
		this.waited = Objects.requireNonNull(waited, "waited");
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
		return startedAt;
	}

	/** {@return how long the allocation took, waits for an exhausted range included} */
	public Duration duration() {
		return duration;
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
		return waited;
	}

	/** {@return when the reservation was released, or {@code null} while it holds} */
	public Instant releasedAt() {
		return releasedAt;
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

	void markReleased(Instant when) {
		this.releasedAt = when;
	}

	@Override
	public String toString() {
		String tried = attempts.isEmpty() ? "first candidate"
				: attempts.size() + " refused: " + attempts().stream().map(Attempt::toString).collect(Collectors.joining(", "));
		return protocol + " port " + port + " for " + owner + " (" + strategy + "; " + tried + "; "
				+ duration.toNanos() / 1000 + " µs)";
	}
}
