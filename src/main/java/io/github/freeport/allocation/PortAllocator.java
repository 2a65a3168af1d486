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
import io.github.freeport.registry.RecentReleases;
import org.apiguardian.api.API;

/**
 * Walks the candidates of a request: the preferred ports in order, then the range (less the OS
 * ephemeral range) in the strategy's order, which visits every port once. A candidate is taken when its
 * lease is taken <em>and</em> it is bindable right now.
 *
 * <p>The quarantine orders, it does not refuse: ports this JVM released less than the request's quarantine
 * ago ({@link RecentReleases}) are passed over in that walk, and tried after it, the longest released first.
 * Only when every port of the range is leased or fails the bind probe does it wait for releases, up to the
 * request's exhaustion timeout, then fail naming who holds the range.
 */
@API(status = INTERNAL, since = "0.1")
public final class PortAllocator {

	private static final int TRACE_LIMIT = 200;
	private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
	private static final java.util.Set<PortRange> WARNED_OVERLAPS = java.util.concurrent.ConcurrentHashMap.newKeySet();

	private static final int SPACES_KEPT = 64;

	private final FileLockRegistry registry;
	private final EphemeralRange ephemeral;
	/** Who holds a refused candidate: {@code null} for the service, looked up when first needed. */
	private final HolderLookup holders;
	/** Made when a candidate is first refused for its bind probe: most JVMs never load the lookup's classes. */
	private volatile RefusedPortHolders refusedHolders;
	private final java.util.concurrent.ConcurrentMap<PortRange, CandidateSpace> spaces = new java.util.concurrent.ConcurrentHashMap<>();

	/**
	 * An allocator that asks the {@link HolderLookup} found through {@code META-INF/services} (the diagnostics',
	 * which depend on this package, so it cannot name them) who holds a candidate whose bind probe failed.
	 */
	public PortAllocator(FileLockRegistry registry, EphemeralRange ephemeral) {
		this(registry, ephemeral, null);
	}

	/**
	 * @param holders who holds a candidate whose bind probe failed, asked after the allocation (or, when the
	 * range is exhausted, for its message, waiting {@link RefusedPortHolders#EXHAUSTION_BUDGET} at most);
	 * {@code null} for the one found through {@code META-INF/services}
	 */
	public PortAllocator(FileLockRegistry registry, EphemeralRange ephemeral, HolderLookup holders) {
		this.registry = registry;
		this.ephemeral = ephemeral;
		this.holders = holders;
	}

	private RefusedPortHolders refusedHolders() {
		RefusedPortHolders refused = refusedHolders;
		if (refused == null) {
			synchronized (this) {
				refused = refusedHolders;
				if (refused == null) {
					refused = new RefusedPortHolders(holders != null ? holders : HolderLookup.SERVICE);
					refusedHolders = refused;
				}
			}
		}
		return refused;
	}

	/** A lease that was probed free, with the trace of how it was found. */
	@API(status = INTERNAL, since = "0.1")
	public record Allocation(Lease lease, AllocationTrace trace) {
	}

	/** A range less the ephemeral range, worked out once per range (the hot path reuses it). */
	private static final class CandidateSpace {

		private final List<PortRange> parts;
		/** The parts as {@code from0, to0, from1, to1, ...}. */
		private final int[] bounds;
		private final String text;
		/** The last description made, for a strategy: what the traces of most allocations share. */
		private volatile Described described;

		private CandidateSpace(List<PortRange> parts) {
			this.parts = List.copyOf(parts);
			this.bounds = new int[2 * parts.size()];
			for (int i = 0; i < parts.size(); i++) {
				bounds[2 * i] = parts.get(i).from();
				bounds[2 * i + 1] = parts.get(i).to();
			}
			StringBuilder joined = new StringBuilder();
			for (PortRange part : parts) {
				joined.append(joined.length() == 0 ? "" : ",").append(part);
			}
			this.text = joined.toString();
		}

		/** How the trace says the candidates were walked: {@code scan in 10000-32767,61000-65535}. */
		String describe(AllocationRequest request, int count) {
			if (!request.preferred().isEmpty() || count > 1) {
				return (request.preferred().isEmpty() ? "" : "preferred " + request.preferred() + ", then ")
						+ request.strategy().name() + " in " + text + (count > 1 ? ", contiguous block of " + count : "");
			}
			Described last = described;
			if (last == null || last.strategy != request.strategy()) {
				last = new Described(request.strategy(), request.strategy().name() + " in " + text);
				described = last;
			}
			return last.text;
		}
	}

	private record Described(PortStrategy strategy, String text) {
	}

	/** What the passes of one allocation refused: every attempt for the trace, the last pass's for a failure. */
	private static final class Refused {

		private List<Attempt> attempts = List.of();
		private Map<Integer, Attempt> lastPass;

		void add(Attempt attempt) {
			if (attempts.isEmpty()) {
				attempts = new ArrayList<>();
			}
			if (attempts.size() < TRACE_LIMIT) {
				attempts.add(attempt);
			}
			if (lastPass == null) {
				lastPass = new LinkedHashMap<>();
			}
			lastPass.put(attempt.port(), attempt);
		}

		void newPass() {
			lastPass = null;
		}

		Map<Integer, Attempt> lastPass() {
			return lastPass == null ? Map.of() : lastPass;
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
			for (Allocation allocation : allocations) {
				allocation.lease().release();
			}
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
			CandidateSpace made = new CandidateSpace(candidateSpace(request.range()));
			CandidateSpace raced = spaces.putIfAbsent(request.range(), made);
			candidates = raced != null ? raced : made;
		}
		List<PortRange> space = candidates.parts;
		List<PortRange> starts = blockStarts(space, count, request);
		long quarantine = request.quarantine().toNanos();
		if (quarantine > 0) {
			registry.recentReleases().keepFor(quarantine, TimeUnit.NANOSECONDS);
		}
		Refused refused = new Refused();
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
			refused.newPass();
			List<Lease> leases = pass(request, candidates, starts, count, quarantine, refused);
			if (leases != null) {
				Duration took = Duration.ofNanos(System.nanoTime() - started);
				String strategy = candidates.describe(request, count);
				List<Allocation> allocations = new ArrayList<>(count);
				List<AllocationTrace> traces = new ArrayList<>(count);
				for (Lease lease : leases) {
					AllocationTrace trace = new AllocationTrace(request.owner(), request.protocol(), lease.port(), strategy,
						refused.attempts, startedAt, took, FileLockRegistry.pid(), FileLockRegistry.fork(), Duration.ofNanos(waited));
					traces.add(trace);
					allocations.add(new Allocation(lease, trace));
				}
				if (!refused.attempts.isEmpty()) {
					nameHoldersLater(request, refused.attempts, traces);
				}
				return allocations;
			}
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				throw exhausted(request, space, count, refused.lastPass());
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

	/**
	 * One pass over the candidates: the preferred ports, the range in the strategy's order less the ports
	 * resting in the quarantine, then those, the longest released first.
	 *
	 * @return the leases, or {@code null} when every candidate was refused
	 */
	private List<Lease> pass(AllocationRequest request, CandidateSpace candidates, List<PortRange> starts, int count,
			long quarantine, Refused refused) {
		for (int port : request.preferred()) {
			List<Lease> leases = tryBlock(port, count, request, refused);
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
		RecentReleases recent = registry.recentReleases();
		Walk walk = walk(request, starts, count, total, quarantine, recent, true, refused);
		if (walk.leases != null || !walk.passedOver) {
			return walk.leases;
		}
		List<Lease> leases = count == 1 ? restingOldestFirst(request, candidates, quarantine, recent, refused) : null;
		if (leases == null) {
			// every port, resting or not, before any wait: the walk may have stopped early, counts change as it
			// goes, and a port of BOTH may rest by its UDP release alone
			leases = walk(request, starts, count, total, 0, recent, false, refused).leases;
		}
		return leases;
	}

	/** How a walk over the range ended: the leases found, and whether it passed over resting ports. */
	private record Walk(List<Lease> leases, boolean passedOver) {
	}

	/**
	 * The range in the strategy's order, passing over the ports (blocks) this JVM released less than
	 * {@code quarantine} ago. With {@code mayStopEarly}, it stops once it has tried as many ports as were not
	 * resting when first counted (the rest of the walk would only pass over resting ones), and a strategy that
	 * walks upwards one port at a time sweeps on over the ports not resting, many at a step ({@link #sweep}).
	 */
	private Walk walk(AllocationRequest request, List<PortRange> starts, int count, int total, long quarantine,
			RecentReleases recent, boolean mayStopEarly, Refused refused) {
		PrimitiveIterator.OfInt order = request.strategy().order(total, ThreadLocalRandom.current());
		boolean sweeps = mayStopEarly && count == 1 && PortStrategies.walksUpwardOneByOne(request.strategy());
		boolean passedOver = false;
		int resting = -1; // counted when the first resting port is met
		int tried = 0;
		int seen = 0;
		while (order.hasNext()) {
			if (resting >= 0 && tried >= total - resting) {
				return new Walk(null, true);
			}
			int index = order.nextInt();
			seen++;
			int port = portAt(starts, index);
			if (request.preferred().contains(port)) {
				continue;
			}
			if (quarantine > 0 && isResting(recent, port, count, request.protocol(), quarantine)) {
				if (sweeps) {
					return sweep(request, starts, total, index, total - seen + 1, recent, refused);
				}
				if (!passedOver) {
					passedOver = true;
					resting = mayStopEarly && count == 1 ? restingIn(recent, starts, request.protocol(), quarantine) : -1;
				}
				continue;
			}
			tried++;
			List<Lease> leases = tryBlock(port, count, request, refused);
			if (leases != null) {
				request.strategy().handedOut(index, total);
				return new Walk(leases, passedOver);
			}
		}
		return new Walk(null, passedOver);
	}

	/**
	 * The rest of an upward walk, from {@code index} on for {@code left} indexes (wrapping), over the ports
	 * not resting only: with most of a range resting (a tight loop of allocations), passing over them one by
	 * one would cost more than the lease. Which ports rest is read as recorded for the longest quarantine;
	 * whatever this passes over is tried again before any wait.
	 */
	private Walk sweep(AllocationRequest request, List<PortRange> starts, int total, int index, int left,
			RecentReleases recent, Refused refused) {
		int at = index;
		int remaining = left;
		while (remaining > 0) {
			int part = 0;
			int offset = at;
			while (offset >= starts.get(part).size()) {
				offset -= starts.get(part).size();
				part++;
			}
			int from = starts.get(part).from() + offset;
			int span = Math.min(starts.get(part).to() - from + 1, remaining);
			int port = recent.nextNotResting(from, from + span - 1, request.protocol());
			int skipped = port < 0 ? span : port - from;
			at = (at + skipped) % total;
			remaining -= skipped;
			if (port < 0) {
				continue;
			}
			if (!request.preferred().contains(port)) {
				List<Lease> leases = tryBlock(port, 1, request, refused);
				if (leases != null) {
					request.strategy().handedOut(at, total);
					return new Walk(leases, true);
				}
			}
			at = (at + 1) % total;
			remaining--;
		}
		return new Walk(null, true);
	}

	private static boolean isResting(RecentReleases recent, int first, int count, Protocol protocol, long quarantine) {
		for (int port = first; port < first + count; port++) {
			if (recent.isResting(port, protocol, quarantine)) {
				return true;
			}
		}
		return false;
	}

	/** How many ports of the space rest; -1 when that cannot be counted exactly. */
	private static int restingIn(RecentReleases recent, List<PortRange> space, Protocol protocol, long quarantine) {
		int resting = 0;
		for (PortRange range : space) {
			int inRange = recent.restingIn(range.from(), range.to(), protocol, quarantine);
			if (inRange < 0) {
				return -1;
			}
			resting += inRange;
		}
		return resting;
	}

	/** The ports of the space this JVM released lately, the longest released first. */
	private List<Lease> restingOldestFirst(AllocationRequest request, CandidateSpace candidates, long quarantine,
			RecentReleases recent, Refused refused) {
		RecentReleases.Cursor cursor = new RecentReleases.Cursor(candidates.bounds, request.protocol(), quarantine);
		for (int port = recent.nextOldest(cursor); port >= 0; port = recent.nextOldest(cursor)) {
			if (!request.preferred().contains(port)) {
				List<Lease> leases = tryBlock(port, 1, request, refused);
				if (leases != null) {
					return leases;
				}
			}
		}
		return null;
	}

	private List<Lease> tryBlock(int first, int count, AllocationRequest request, Refused refused) {
		if (count == 1) {
			Lease lease = tryCandidate(first, request, refused);
			return lease == null ? null : List.of(lease);
		}
		if (first + count - 1 > 65535) {
			return null;
		}
		List<Lease> leases = new ArrayList<>(count);
		for (int port = first; port < first + count; port++) {
			Lease lease = tryCandidate(port, request, refused);
			if (lease == null) {
				for (Lease taken : leases) {
					taken.release();
				}
				return null;
			}
			leases.add(lease);
		}
		return leases;
	}

	private Lease tryCandidate(int port, AllocationRequest request, Refused refused) {
		LeaseOutcome outcome = registry.tryLease(port, request.protocol(), request.owner());
		if (outcome.isLeased()) {
			Optional<String> bindFailure = BindProbe.probe(port, request.protocol(), request.probeAddress());
			if (bindFailure.isEmpty()) {
				return outcome.lease();
			}
			outcome.lease().release();
			refused.add(new Attempt(port, Refusal.BIND_FAILED, bindFailure.get()));
		}
		else {
			refused.add(new Attempt(port, outcome.refusal(), outcome.detail()));
		}
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
			refusedHolders().nameLater(RefusedPortHolders.bindFailed(attempts), single, traces);
		}
	}

	/** Who holds the bind-failed candidates, as far as a bounded wait finds out; TCP's answer first for both. */
	private Map<Integer, String> holdersNow(AllocationRequest request, Map<Integer, Attempt> refused) {
		Map<Integer, String> holders = new LinkedHashMap<>();
		for (Protocol single : singles(request.protocol())) {
			refusedHolders().nameNow(RefusedPortHolders.bindFailed(refused.values()), single,
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
