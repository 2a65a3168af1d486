package io.github.freeport.allocation;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PrimitiveIterator;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.github.freeport.AllocationTrace;
import io.github.freeport.AllocationTrace.Attempt;
import io.github.freeport.AllocationTrace.Refusal;
import io.github.freeport.FreePortException;
import io.github.freeport.PortsExhaustedException;
import io.github.freeport.Protocol;
import io.github.freeport.registry.FileLockRegistry;
import io.github.freeport.registry.Lease;
import io.github.freeport.registry.LeaseOutcome;
import org.apiguardian.api.API;

/**
 * Walks the candidates of a request: the preferred ports in order, then the range (less the OS
 * ephemeral range) in a random order that visits every port once. A candidate is taken when its lease is
 * taken <em>and</em> it is bindable right now. When every candidate is refused, it waits for releases up
 * to the request's exhaustion timeout, then fails naming who holds the range.
 */
@API(status = INTERNAL, since = "0.1")
public final class PortAllocator {

	private static final int TRACE_LIMIT = 200;
	private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
	private static final java.util.Set<PortRange> WARNED_OVERLAPS = java.util.concurrent.ConcurrentHashMap.newKeySet();

	private static final int SPACES_KEPT = 64;

	private final FileLockRegistry registry;
	private final EphemeralRange ephemeral;
	private final RefusedPortHolders refusedHolders;
	private final java.util.concurrent.ConcurrentMap<PortRange, CandidateSpace> spaces = new java.util.concurrent.ConcurrentHashMap<>();

	/**
	 * An allocator that asks the {@link HolderLookup} found through {@code META-INF/services} (the diagnostics',
	 * which depend on this package, so it cannot name them) who holds a candidate whose bind probe failed.
	 */
	public PortAllocator(FileLockRegistry registry, EphemeralRange ephemeral) {
		this(registry, ephemeral, HolderLookup.SERVICE);
	}

	/**
	 * @param holders who holds a candidate whose bind probe failed, asked after the allocation (or, when the
	 * range is exhausted, for its message, waiting {@link RefusedPortHolders#EXHAUSTION_BUDGET} at most)
	 */
	public PortAllocator(FileLockRegistry registry, EphemeralRange ephemeral, HolderLookup holders) {
		this.registry = registry;
		this.ephemeral = ephemeral;
		this.refusedHolders = new RefusedPortHolders(holders);
	}

	/** A lease that was probed free, with the trace of how it was found. */
	@API(status = INTERNAL, since = "0.1")
	public record Allocation(Lease lease, AllocationTrace trace) {
	}

	/** A range less the ephemeral range, worked out once per range (the hot path reuses it). */
	private record CandidateSpace(List<PortRange> parts, String text) {

		static CandidateSpace of(List<PortRange> parts) {
			return new CandidateSpace(List.copyOf(parts), parts.stream().map(PortRange::toString).collect(Collectors.joining(",")));
		}
	}

	/** The registry this allocator leases from. */
	public FileLockRegistry registry() {
		return registry;
	}

	/** One port. */
	public Allocation allocate(AllocationRequest request) {
		return allocateBlock(request, 1).get(0);
	}

	/**
	 * Several ports, all or nothing: either every port is leased and probed, or none is left leased.
	 *
	 * @param contiguous whether the ports must be consecutive
	 */
	public List<Allocation> allocate(AllocationRequest request, int count, boolean contiguous) {
		if (count < 1) {
			throw new FreePortException("Invalid port count " + count + " for " + request.owner() + ": expected 1 or more");
		}
		if (contiguous) {
			return allocateBlock(request, count);
		}
		List<Allocation> allocations = new ArrayList<>(count);
		try {
			for (int i = 0; i < count; i++) {
				allocations.add(allocate(request));
			}
			return allocations;
		}
		catch (RuntimeException e) {
			allocations.forEach(allocation -> allocation.lease().release());
			throw e;
		}
	}

	private List<Allocation> allocateBlock(AllocationRequest request, int count) {
		long started = System.nanoTime();
		Instant startedAt = Instant.now();
		CandidateSpace candidates = spaces.get(request.range());
		if (candidates == null) {
			if (spaces.size() >= SPACES_KEPT) {
				spaces.clear();
			}
			candidates = spaces.computeIfAbsent(request.range(), range -> CandidateSpace.of(candidateSpace(range)));
		}
		List<PortRange> space = candidates.parts();
		List<PortRange> starts = blockStarts(space, count, request);
		String strategy = (request.preferred().isEmpty() ? "" : "preferred " + request.preferred() + ", then ")
				+ request.strategy().name() + " in " + candidates.text() + (count > 1 ? ", contiguous block of " + count : "");
		List<Attempt> attempts = new ArrayList<>();
		long deadline = started + request.exhaustionTimeout().toNanos();
		long waited = 0;
		while (true) {
			if (Thread.currentThread().isInterrupted()) {
				// the JDK closes a file channel that an interrupted thread uses, dropping every lock this JVM holds in it
				throw new FreePortException("Interrupted while looking for a free " + request.protocol() + " port in "
						+ request.range() + " for " + request.owner() + ": the thread's interrupt flag is set, and freeport"
						+ " does not touch its lock files from an interrupted thread");
			}
			long releasesSeen = registry.releaseCount();
			Map<Integer, Attempt> lastPass = new LinkedHashMap<>();
			List<Lease> leases = pass(request, starts, count, attempts, lastPass);
			if (leases != null) {
				Duration took = Duration.ofNanos(System.nanoTime() - started);
				List<Allocation> allocations = new ArrayList<>(count);
				List<AllocationTrace> traces = new ArrayList<>(count);
				for (Lease lease : leases) {
					AllocationTrace trace = new AllocationTrace(request.owner(), request.protocol(), lease.port(), strategy,
						attempts, startedAt, took, FileLockRegistry.pid(), FileLockRegistry.fork(), Duration.ofNanos(waited));
					traces.add(trace);
					allocations.add(new Allocation(lease, trace));
				}
				if (!attempts.isEmpty()) {
					nameHoldersLater(request, attempts, traces);
				}
				return allocations;
			}
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				throw exhausted(request, space, count, lastPass);
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

	private List<Lease> pass(AllocationRequest request, List<PortRange> starts, int count, List<Attempt> attempts,
			Map<Integer, Attempt> refused) {
		for (int port : request.preferred()) {
			List<Lease> leases = tryBlock(port, count, request, Duration.ZERO, attempts, refused);
			if (leases != null) {
				return leases;
			}
		}
		int total = 0;
		for (PortRange range : starts) {
			total += range.size();
		}
		if (total == 0) {
			return null;
		}
		PrimitiveIterator.OfInt order = request.strategy().order(total, ThreadLocalRandom.current());
		while (order.hasNext()) {
			int index = order.nextInt();
			int port = portAt(starts, index);
			if (request.preferred().contains(port)) {
				continue;
			}
			List<Lease> leases = tryBlock(port, count, request, request.quarantine(), attempts, refused);
			if (leases != null) {
				request.strategy().handedOut(index, total);
				return leases;
			}
		}
		return null;
	}

	private List<Lease> tryBlock(int first, int count, AllocationRequest request, Duration quarantine,
			List<Attempt> attempts, Map<Integer, Attempt> refused) {
		if (count == 1) {
			Lease lease = tryCandidate(first, request, quarantine, attempts, refused);
			return lease == null ? null : List.of(lease);
		}
		if (first + count - 1 > 65535) {
			return null;
		}
		List<Lease> leases = new ArrayList<>(count);
		for (int port = first; port < first + count; port++) {
			Lease lease = tryCandidate(port, request, quarantine, attempts, refused);
			if (lease == null) {
				leases.forEach(Lease::release);
				return null;
			}
			leases.add(lease);
		}
		return leases;
	}

	private Lease tryCandidate(int port, AllocationRequest request, Duration quarantine, List<Attempt> attempts,
			Map<Integer, Attempt> refused) {
		LeaseOutcome outcome = registry.tryLease(port, request.protocol(), request.owner(), quarantine);
		Attempt attempt;
		if (outcome.isLeased()) {
			Optional<String> bindFailure = BindProbe.probe(port, request.protocol(), request.probeAddress());
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

	/** The first ports of every block of {@code count} that fits in one part of the space. */
	private static List<PortRange> blockStarts(List<PortRange> space, int count, AllocationRequest request) {
		if (count == 1) {
			return space;
		}
		List<PortRange> starts = new ArrayList<>();
		for (PortRange range : space) {
			if (range.size() >= count) {
				starts.add(new PortRange(range.from(), range.to() - count + 1));
			}
		}
		if (starts.isEmpty()) {
			throw new FreePortException("No block of " + count + " consecutive ports fits in "
					+ space.stream().map(PortRange::toString).collect(Collectors.joining(",")) + " (the range " + request.range()
					+ " less the OS ephemeral range) for " + request.owner() + "; widen the range or ask for fewer ports");
		}
		return starts;
	}

	/** The range less the OS ephemeral range; an error naming both when nothing is left. */
	public List<PortRange> candidateSpace(PortRange range) {
		List<PortRange> space = range.minus(ephemeral.ranges());
		if (space.size() != 1 || !space.get(0).equals(range)) {
			warnOverlap(range, space);
		}
		if (space.isEmpty()) {
			throw new FreePortException("The port range " + range + " lies entirely in the OS ephemeral range "
					+ ephemeral + ", whose ports the OS hands to outgoing connections; pick a range outside it,"
					+ " or name the ports as preferred ports");
		}
		return space;
	}

	private void warnOverlap(PortRange range, List<PortRange> space) {
		if (!range.equals(PortRange.DEFAULT) && !space.isEmpty() && WARNED_OVERLAPS.add(range)) {
			System.getLogger(PortAllocator.class.getPackageName()).log(Level.WARNING, "freeport: the range " + range
					+ " overlaps the OS ephemeral range " + ephemeral + "; those ports are left out, leaving "
					+ space.stream().map(PortRange::toString).collect(Collectors.joining(",")));
		}
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

	/** A lookup of who holds the bind-failed candidates, whose answer reaches the traces later. */
	private void nameHoldersLater(AllocationRequest request, List<Attempt> attempts, List<AllocationTrace> traces) {
		for (Protocol single : singles(request.protocol())) {
			refusedHolders.nameLater(RefusedPortHolders.bindFailed(attempts), single, traces);
		}
	}

	/** Who holds the bind-failed candidates, as far as a bounded wait finds out; TCP's answer first for both. */
	private Map<Integer, String> holdersNow(AllocationRequest request, Map<Integer, Attempt> refused) {
		Map<Integer, String> holders = new LinkedHashMap<>();
		for (Protocol single : singles(request.protocol())) {
			refusedHolders.nameNow(RefusedPortHolders.bindFailed(refused.values()), single,
				RefusedPortHolders.EXHAUSTION_BUDGET).forEach(holders::putIfAbsent);
		}
		return holders;
	}

	private static List<Protocol> singles(Protocol protocol) {
		return protocol == Protocol.BOTH ? List.of(Protocol.TCP, Protocol.UDP) : List.of(protocol);
	}

	private PortsExhaustedException exhausted(AllocationRequest request, List<PortRange> space, int count,
			Map<Integer, Attempt> refused) {
		Map<Integer, String> outside = holdersNow(request, refused);
		Map<String, List<Integer>> byHolder = new LinkedHashMap<>();
		refused.values().forEach(a -> byHolder.computeIfAbsent(holderLabel(a, outside.get(a.port())),
			k -> new ArrayList<>()).add(a.port()));
		String holders = byHolder.entrySet().stream().limit(20)
			.map(e -> "  " + e.getKey() + ": " + ports(e.getValue()))
			.collect(Collectors.joining("\n"));
		if (byHolder.size() > 20) {
			holders += "\n  ... and " + (byHolder.size() - 20) + " more holders";
		}
		return new PortsExhaustedException("No free " + request.protocol() + (count > 1 ? " block of " + count + " ports" : " port") + " for " + request.owner() + " in "
				+ space.stream().map(PortRange::toString).collect(Collectors.joining(","))
				+ (request.preferred().isEmpty() ? "" : " (preferred " + request.preferred() + ")") + " after waiting "
				+ request.exhaustionTimeout().toMillis() + " ms; the ports are held as follows:\n" + holders
				+ "\nWiden the range (freeport.range or @FreePort(range=...)), raise freeport.exhaustion.timeout,"
				+ " or stop the holders.", byHolder);
	}

	/** Who holds a refused candidate, as the exhaustion message groups them; {@code outside}: the bind-failed one's holder. */
	private static String holderLabel(Attempt attempt, String outside) {
		switch (attempt.refusal()) {
			case LEASED_BY_OTHER_PROCESS:
				return "leased by another process, " + attempt.detail();
			case LEASED_IN_THIS_JVM:
				return "leased in this JVM by " + attempt.detail() + " (pid " + FileLockRegistry.pid() + ")";
			case QUARANTINED:
				return "quarantined after a release";
			default:
				return "bind failed, held outside the registry" + (outside == null
						? " (holder not found within " + RefusedPortHolders.EXHAUSTION_BUDGET.toMillis() + " ms)"
						: " by " + outside);
		}
	}

	private static String ports(List<Integer> ports) {
		String listed = ports.stream().limit(10).map(String::valueOf).collect(Collectors.joining(", "));
		return ports.size() > 10 ? listed + " and " + (ports.size() - 10) + " more" : listed;
	}
}
