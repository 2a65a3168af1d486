package io.github.freeport.allocation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.github.freeport.AllocationTrace;
import io.github.freeport.AllocationTrace.Attempt;
import io.github.freeport.AllocationTrace.Refusal;
import io.github.freeport.FreePortException;
import io.github.freeport.PortsExhaustedException;
import io.github.freeport.registry.FileLockRegistry;
import io.github.freeport.registry.Lease;
import io.github.freeport.registry.LeaseOutcome;

/**
 * Walks the candidates of a request: the preferred ports in order, then the range (less the OS
 * ephemeral range) in a random order that visits every port once. A candidate is taken when its lease is
 * taken <em>and</em> it is bindable right now. When every candidate is refused, it waits for releases up
 * to the request's exhaustion timeout, then fails naming who holds the range.
 */
public final class PortAllocator {

	private static final int TRACE_LIMIT = 200;
	private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

	private final FileLockRegistry registry;
	private final EphemeralRange ephemeral;

	public PortAllocator(FileLockRegistry registry, EphemeralRange ephemeral) {
		this.registry = registry;
		this.ephemeral = ephemeral;
	}

	/** A lease that was probed free, with the trace of how it was found. */
	public record Allocation(Lease lease, AllocationTrace trace) {
	}

	public Allocation allocate(AllocationRequest request) {
		long started = System.nanoTime();
		Instant startedAt = Instant.now();
		List<PortRange> space = candidateSpace(request.range());
		String strategy = (request.preferred().isEmpty() ? "" : "preferred " + request.preferred() + ", then ")
				+ "random in " + space.stream().map(PortRange::toString).collect(Collectors.joining(","));
		List<Attempt> attempts = new ArrayList<>();
		long deadline = started + request.exhaustionTimeout().toNanos();
		long waited = 0;
		while (true) {
			long releasesSeen = registry.releaseCount();
			Map<Integer, Attempt> lastPass = new LinkedHashMap<>();
			Lease lease = pass(request, space, attempts, lastPass);
			if (lease != null) {
				AllocationTrace trace = new AllocationTrace(request.owner(), request.protocol(), lease.port(), strategy,
					attempts, startedAt, Duration.ofNanos(System.nanoTime() - started), FileLockRegistry.pid(),
					FileLockRegistry.fork(), Duration.ofNanos(waited));
				return new Allocation(lease, trace);
			}
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				throw exhausted(request, space, lastPass);
			}
			long waitStarted = System.nanoTime();
			try {
				registry.awaitRelease(releasesSeen, Math.min(left, POLL_NANOS), TimeUnit.NANOSECONDS);
				waited += System.nanoTime() - waitStarted;
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new FreePortException("Interrupted while waiting for a free " + request.protocol() + " port in "
						+ request.range() + " for " + request.owner(), e);
			}
		}
	}

	private Lease pass(AllocationRequest request, List<PortRange> space, List<Attempt> attempts,
			Map<Integer, Attempt> refused) {
		for (int port : request.preferred()) {
			Lease lease = tryCandidate(port, request, Duration.ZERO, attempts, refused);
			if (lease != null) {
				return lease;
			}
		}
		int total = space.stream().mapToInt(PortRange::size).sum();
		ThreadLocalRandom random = ThreadLocalRandom.current();
		int index = random.nextInt(total);
		int stride = coprimeStride(total, random);
		for (int visited = 0; visited < total; visited++) {
			int port = portAt(space, index);
			index = (int) ((index + (long) stride) % total);
			if (request.preferred().contains(port)) {
				continue;
			}
			Lease lease = tryCandidate(port, request, request.quarantine(), attempts, refused);
			if (lease != null) {
				return lease;
			}
		}
		return null;
	}

	private Lease tryCandidate(int port, AllocationRequest request, Duration quarantine, List<Attempt> attempts,
			Map<Integer, Attempt> refused) {
		LeaseOutcome outcome = registry.tryLease(port, request.protocol(), request.owner(), quarantine);
		Attempt attempt;
		if (outcome.isLeased()) {
			Optional<String> bindFailure = BindProbe.probe(port, request.protocol());
			if (bindFailure.isEmpty()) {
				return outcome.lease();
			}
			outcome.lease().release();
			attempt = new Attempt(port, Refusal.BIND_FAILED, bindFailure.get());
		}
		else {
			attempt = new Attempt(port, outcome.refusal(), outcome.detail());
		}
		if (attempts.size() < TRACE_LIMIT) {
			attempts.add(attempt);
		}
		refused.put(port, attempt);
		return null;
	}

	/** The range less the OS ephemeral range; an error naming both when nothing is left. */
	public List<PortRange> candidateSpace(PortRange range) {
		List<PortRange> space = range.minus(ephemeral.ranges());
		if (space.isEmpty()) {
			throw new FreePortException("The port range " + range + " lies entirely in the OS ephemeral range "
					+ ephemeral + ", whose ports the OS hands to outgoing connections; pick a range outside it,"
					+ " or name the ports as preferred ports");
		}
		return space;
	}

	private static int portAt(List<PortRange> space, int index) {
		int rest = index;
		for (PortRange range : space) {
			if (rest < range.size()) {
				return range.from() + rest;
			}
			rest -= range.size();
		}
		throw new IllegalStateException("index " + index + " outside " + space);
	}

	private static int coprimeStride(int total, ThreadLocalRandom random) {
		if (total <= 2) {
			return 1;
		}
		int stride = 1 + random.nextInt(total - 1);
		while (gcd(stride, total) != 1) {
			stride = stride % (total - 1) + 1;
		}
		return stride;
	}

	private static int gcd(int a, int b) {
		return b == 0 ? a : gcd(b, a % b);
	}

	private PortsExhaustedException exhausted(AllocationRequest request, List<PortRange> space,
			Map<Integer, Attempt> refused) {
		Map<String, List<Integer>> byHolder = new LinkedHashMap<>();
		refused.values().forEach(a -> byHolder.computeIfAbsent(holderLabel(a), k -> new ArrayList<>()).add(a.port()));
		String holders = byHolder.entrySet().stream().limit(20)
			.map(e -> "  " + e.getKey() + ": " + ports(e.getValue()))
			.collect(Collectors.joining("\n"));
		if (byHolder.size() > 20) {
			holders += "\n  ... and " + (byHolder.size() - 20) + " more holders";
		}
		return new PortsExhaustedException("No free " + request.protocol() + " port for " + request.owner() + " in "
				+ space.stream().map(PortRange::toString).collect(Collectors.joining(","))
				+ (request.preferred().isEmpty() ? "" : " (preferred " + request.preferred() + ")") + " after waiting "
				+ request.exhaustionTimeout().toMillis() + " ms; the ports are held as follows:\n" + holders
				+ "\nWiden the range (freeport.range or @FreePort(range=...)), raise freeport.exhaustion.timeout,"
				+ " or stop the holders.");
	}

	private static String holderLabel(Attempt attempt) {
		switch (attempt.refusal()) {
			case LEASED_BY_OTHER_PROCESS:
				return "leased by another process, " + attempt.detail();
			case LEASED_IN_THIS_JVM:
				return "leased in this JVM by " + attempt.detail();
			case QUARANTINED:
				return "quarantined after a release";
			default:
				return "bind failed, held outside the registry";
		}
	}

	private static String ports(List<Integer> ports) {
		String listed = ports.stream().limit(10).map(String::valueOf).collect(Collectors.joining(", "));
		return ports.size() > 10 ? listed + " and " + (ports.size() - 10) + " more" : listed;
	}
}
