package io.github.freeport.allocation;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
	private static final List<Attempt> NO_ATTEMPTS = List.of();
	/** This JVM's pid and fork, for the traces: constants, read once rather than asked for on every allocation. */
	private static final long PID = FileLockRegistry.pid();
	private static final String FORK = FileLockRegistry.fork();

	private final FileLockRegistry registry;
	/** The registry's recent releases, the quarantine: read at every candidate. */
	private final RecentReleases recent;
	private final EphemeralRange ephemeral;
	/** Who holds a refused candidate: {@code null} for the service, looked up when first needed. */
	private final HolderLookup holders;
	/** Made when a candidate is first refused for its bind probe: most JVMs never load the lookup's classes. */
	private volatile RefusedPortHolders refusedHolders;
	private final java.util.concurrent.ConcurrentMap<PortRange, CandidateSpace> spaces = new java.util.concurrent.ConcurrentHashMap<>();
	/** The space asked for last: most allocations ask for the same range as the one before. */
	private volatile CandidateSpace lastSpace;

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
		this.recent = registry.recentReleases();
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

		private final PortRange range;
		private final List<PortRange> parts;
		/** The parts as {@code from0, to0, from1, to1, ...}. */
		private final int[] bounds;
		private final String text;
		/** The last description made, for a strategy: what the traces of most allocations share. */
		private volatile Described described;

		private CandidateSpace(PortRange range, List<PortRange> parts) {
			this.range = range;
			this.parts = List.copyOf(parts);
			this.bounds = bounds(parts);
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

	/**
	 * One allocation's search: what it asked, where it may look, and what was refused on the way (every attempt
	 * for the trace, the last pass's for a failure). One object, so that the walk's steps pass little around: in a
	 * young JVM, whose code runs interpreted, each argument and each small object is paid for at every call.
	 */
	private static final class Search {

		final AllocationRequest request;
		final CandidateSpace candidates;
		final PortStrategy strategy;
		final Protocol protocol;
		final String owner;
		final ProbeAddress probeAddress;
		final boolean hasPreferred;
		final int count;
		/** The first ports of the blocks of {@code count} that fit, as {@code from0, to0, ...}. */
		final int[] starts;
		final int total;
		final long quarantine;
		private List<Attempt> attempts = NO_ATTEMPTS;
		private Map<Integer, Attempt> lastPass;
		/** Whether the last walk passed over resting ports. */
		boolean passedOver;
		/** What was found, when the search is done: the leases, and the clock's readings for their traces. */
		Lease[] leases;
		private long startedNanos;
		private long tookNanos;
		private long waitedNanos;

		Search(AllocationRequest request, CandidateSpace candidates, int count, int[] starts, long quarantine) {
			this.request = request;
			this.candidates = candidates;
			this.strategy = request.strategy();
			this.protocol = request.protocol();
			this.owner = request.owner();
			this.probeAddress = request.probeAddress();
			this.hasPreferred = !request.preferred().isEmpty();
			this.count = count;
			this.starts = starts;
			this.total = size(starts);
			this.quarantine = quarantine;
		}

		void refused(Attempt attempt) {
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

		boolean isPreferred(int port) {
			return hasPreferred && request.preferred().contains(port);
		}

		void found(Lease[] found, long started, long took, long waited) {
			this.leases = found;
			this.startedNanos = started;
			this.tookNanos = took;
			this.waitedNanos = waited;
		}

		/** The trace of a lease found. */
		AllocationTrace trace(Lease lease) {
			return new AllocationTrace(owner, protocol, lease.port(), candidates.describe(request, count), attempts,
				startedNanos, tookNanos, PID, FORK, waitedNanos);
		}
	}

	/** The registry this allocator leases from. */
	public FileLockRegistry registry() {
		return registry;
	}

	/** One port. */
	public Allocation allocate(AllocationRequest request) {
		Search search = find(request, 1);
		Lease lease = search.leases[0];
		AllocationTrace trace = search.trace(lease);
		if (!search.attempts.isEmpty()) {
			nameHoldersLater(request, search.attempts, List.of(trace));
		}
		return new Allocation(lease, trace);
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
		Search search = find(request, count);
		List<Allocation> allocations = new ArrayList<>(count);
		List<AllocationTrace> traces = new ArrayList<>(count);
		for (Lease lease : search.leases) {
			AllocationTrace trace = search.trace(lease);
			traces.add(trace);
			allocations.add(new Allocation(lease, trace));
		}
		if (!search.attempts.isEmpty()) {
			nameHoldersLater(request, search.attempts, traces);
		}
		return allocations;
	}

	/** The search for {@code count} ports, done: its {@link Search#leases} leased and probed. */
	private Search find(AllocationRequest request, int count) {
		long started = System.nanoTime();
		CandidateSpace candidates = candidates(request.range());
		long quarantine = nanos(request.quarantine());
		if (quarantine > 0) {
			recent.keepFor(quarantine, TimeUnit.NANOSECONDS);
		}
		Search search = new Search(request, candidates, count,
			count == 1 ? candidates.bounds : blockStarts(candidates, count, request), quarantine);
		long deadline = 0;
		boolean waits = false; // the deadline is worked out when a pass first finds nothing
		long waited = 0;
		while (true) {
			if (Thread.currentThread().isInterrupted()) {
				// the JDK closes a file channel that an interrupted thread uses, dropping every lock this JVM holds in it
				throw new FreePortException("Interrupted while looking for a free " + request.protocol() + " port in "
						+ request.range() + " for " + request.owner() + ": the thread's interrupt flag is set, and freeport"
						+ " does not touch its lock files from an interrupted thread");
			}
			long releasesSeen = registry.releaseCount();
			search.newPass();
			Lease[] leases = pass(search, candidates);
			if (leases != null) {
				search.found(leases, started, System.nanoTime() - started, waited);
				return search;
			}
			if (!waits) {
				waits = true;
				deadline = started + request.exhaustionTimeout().toNanos();
			}
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				throw exhausted(request, candidates.parts, count, search.lastPass());
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
	 * A duration in nanoseconds, the last one worked out kept: requests ask with the configuration's quarantine,
	 * the same object each time, and a young JVM interprets the arithmetic of each conversion.
	 */
	private long nanos(Duration duration) {
		Converted last = lastConverted;
		if (last == null || last.duration != duration) {
			last = new Converted(duration, duration.toNanos());
			lastConverted = last;
		}
		return last.nanos;
	}

	private volatile Converted lastConverted;

	/** A duration and its nanoseconds. */
	private static final class Converted {

		final Duration duration;
		final long nanos;

		Converted(Duration duration, long nanos) {
			this.duration = duration;
			this.nanos = nanos;
		}
	}

	/** The range less the ephemeral range, as worked out the last time this range was asked for. */
	private CandidateSpace candidates(PortRange range) {
		CandidateSpace last = lastSpace;
		if (last != null && last.range.equals(range)) {
			return last;
		}
		CandidateSpace candidates = spaces.get(range);
		if (candidates == null) {
			if (spaces.size() >= SPACES_KEPT) {
				spaces.clear();
			}
			CandidateSpace made = new CandidateSpace(range, candidateSpace(range));
			CandidateSpace raced = spaces.putIfAbsent(range, made);
			candidates = raced != null ? raced : made;
		}
		lastSpace = candidates;
		return candidates;
	}

	/**
	 * One pass over the candidates: the preferred ports, the range in the strategy's order less the ports
	 * resting in the quarantine, then those, the longest released first.
	 *
	 * @return the leases, or {@code null} when every candidate was refused
	 */
	private Lease[] pass(Search search, CandidateSpace candidates) {
		if (search.hasPreferred) {
			for (int port : search.request.preferred()) {
				Lease[] leases = tryBlock(port, search);
				if (leases != null) {
					return leases;
				}
			}
		}
		if (search.total == 0) {
			return null;
		}
		Lease[] leases = walk(search, search.quarantine, true);
		if (leases != null || !search.passedOver) {
			return leases;
		}
		leases = search.count == 1 ? restingOldestFirst(search, candidates) : null;
		if (leases == null) {
			// every port, resting or not, before any wait: the walk may have stopped early, counts change as it
			// goes, and a port of BOTH may rest by its UDP release alone
			leases = walk(search, 0, false);
		}
		return leases;
	}

	/**
	 * The range in the strategy's order, passing over the ports (blocks) this JVM released less than
	 * {@code quarantine} ago (noted in {@link Search#passedOver}). With {@code mayStopEarly}, it stops once it
	 * has tried as many ports as were not resting when first counted (the rest of the walk would only pass over
	 * resting ones), and a strategy that walks upwards one port at a time sweeps on over the ports not resting,
	 * many at a step ({@link #sweep}).
	 */
	private Lease[] walk(Search search, long quarantine, boolean mayStopEarly) {
		int total = search.total;
		int count = search.count;
		PortStrategy strategy = search.strategy;
		// a built-in walk (random, scan) is stepped here by start and stride, not through its iterator: the
		// same order, in a few calls fewer, which a young JVM interprets on every allocation
		PortStrategies.Walk builtIn = strategy instanceof PortStrategies.Walk ? (PortStrategies.Walk) strategy : null;
		ThreadLocalRandom random = ThreadLocalRandom.current();
		PrimitiveIterator.OfInt order = builtIn == null ? strategy.order(total, random) : null;
		int start = builtIn == null ? 0 : random.nextInt(total);
		int stride = builtIn == null || !builtIn.randomStride() ? 1 : PortStrategies.coprimeStride(total, random);
		boolean sweeps = mayStopEarly && count == 1
				&& (builtIn != null ? !builtIn.randomStride() : PortStrategies.walksUpwardOneByOne(strategy));
		search.passedOver = false;
		int resting = -1; // counted when the first resting port is met
		int tried = 0;
		for (int seen = 1; order != null ? order.hasNext() : seen <= total; seen++) {
			if (resting >= 0 && tried >= total - resting) {
				return null;
			}
			int index = order != null ? order.nextInt() : (int) ((start + (long) (seen - 1) * stride) % total);
			int port = portAt(search.starts, index);
			if (search.hasPreferred && search.isPreferred(port)) {
				continue;
			}
			if (quarantine > 0 && (count == 1 ? recent.isResting(port, search.protocol, quarantine)
					: isResting(port, count, search.protocol, quarantine))) {
				if (sweeps) {
					search.passedOver = true;
					return sweep(search, index, total - seen + 1);
				}
				if (!search.passedOver) {
					search.passedOver = true;
					resting = mayStopEarly && count == 1 ? restingIn(search.starts, search.protocol, quarantine) : -1;
				}
				continue;
			}
			tried++;
			Lease[] leases = tryBlock(port, search);
			if (leases != null) {
				if (builtIn == null) {
					strategy.handedOut(index, total);
				}
				return leases;
			}
		}
		return null;
	}

	/**
	 * The rest of an upward walk, from {@code index} on for {@code left} indexes (wrapping), over the ports
	 * not resting only: with most of a range resting (a tight loop of allocations), passing over them one by
	 * one would cost more than the lease. Which ports rest is read as recorded for the longest quarantine;
	 * whatever this passes over is tried again before any wait.
	 */
	private Lease[] sweep(Search search, int index, int left) {
		int[] starts = search.starts;
		int total = search.total;
		int at = index;
		int remaining = left;
		while (remaining > 0) {
			int part = 0;
			int offset = at;
			while (offset > starts[part + 1] - starts[part]) {
				offset -= starts[part + 1] - starts[part] + 1;
				part += 2;
			}
			int from = starts[part] + offset;
			int span = Math.min(starts[part + 1] - from + 1, remaining);
			int port = recent.nextNotResting(from, from + span - 1, search.protocol);
			int skipped = port < 0 ? span : port - from;
			at = (at + skipped) % total;
			remaining -= skipped;
			if (port < 0) {
				continue;
			}
			if (!search.isPreferred(port)) {
				Lease[] leases = tryBlock(port, search);
				if (leases != null) {
					if (!(search.strategy instanceof PortStrategies.Walk)) { // a built-in walk does nothing with it
						search.strategy.handedOut(at, total);
					}
					return leases;
				}
			}
			at = (at + 1) % total;
			remaining--;
		}
		return null;
	}

	private boolean isResting(int first, int count, Protocol protocol, long quarantine) {
		for (int port = first; port < first + count; port++) {
			if (recent.isResting(port, protocol, quarantine)) {
				return true;
			}
		}
		return false;
	}

	/** How many ports of the space ({@code from0, to0, ...}) rest; -1 when that cannot be counted exactly. */
	private int restingIn(int[] space, Protocol protocol, long quarantine) {
		int resting = 0;
		for (int i = 0; i < space.length; i += 2) {
			int inRange = recent.restingIn(space[i], space[i + 1], protocol, quarantine);
			if (inRange < 0) {
				return -1;
			}
			resting += inRange;
		}
		return resting;
	}

	/** The ports of the space this JVM released lately, the longest released first. */
	private Lease[] restingOldestFirst(Search search, CandidateSpace candidates) {
		RecentReleases.Cursor cursor = new RecentReleases.Cursor(candidates.bounds, search.protocol, search.quarantine);
		for (int port = recent.nextOldest(cursor); port >= 0; port = recent.nextOldest(cursor)) {
			if (!search.isPreferred(port)) {
				Lease[] leases = tryBlock(port, search);
				if (leases != null) {
					return leases;
				}
			}
		}
		return null;
	}

	/** The block of the search's count from {@code first} on, all leased and probed, or {@code null}. */
	private Lease[] tryBlock(int first, Search search) {
		int count = search.count;
		if (count == 1) {
			Lease lease = tryCandidate(first, search);
			return lease == null ? null : new Lease[] { lease };
		}
		if (first + count - 1 > 65535) {
			return null;
		}
		Lease[] leases = new Lease[count];
		for (int i = 0; i < count; i++) {
			Lease lease = tryCandidate(first + i, search);
			if (lease == null) {
				for (int j = 0; j < i; j++) {
					leases[j].release();
				}
				return null;
			}
			leases[i] = lease;
		}
		return leases;
	}

	private Lease tryCandidate(int port, Search search) {
		LeaseOutcome outcome = registry.tryLease(port, search.protocol, search.owner);
		Lease lease = outcome.lease();
		if (lease != null) {
			String bindFailure = BindProbe.failure(port, search.protocol, search.probeAddress);
			if (bindFailure == null) {
				return lease;
			}
			lease.release();
			search.refused(new Attempt(port, Refusal.BIND_FAILED, bindFailure));
		}
		else {
			search.refused(new Attempt(port, outcome.refusal(), outcome.detail()));
		}
		return null;
	}

	/** The first ports of every block of {@code count} that fits in one part of the space, as {@code from0, to0, ...}. */
	private static int[] blockStarts(CandidateSpace space, int count, AllocationRequest request) {
		List<PortRange> starts = new ArrayList<>();
		for (PortRange range : space.parts) {
			if (range.size() >= count) {
				starts.add(new PortRange(range.from(), range.to() - count + 1));
			}
		}
		if (starts.isEmpty()) {
			throw new FreePortException("No block of " + count + " consecutive ports fits in " + space.text + " (the range "
					+ request.range() + " less the OS ephemeral range) for " + request.owner()
					+ "; widen the range or ask for fewer ports");
		}
		return bounds(starts);
	}

	private static int[] bounds(List<PortRange> ranges) {
		int[] bounds = new int[2 * ranges.size()];
		for (int i = 0; i < ranges.size(); i++) {
			bounds[2 * i] = ranges.get(i).from();
			bounds[2 * i + 1] = ranges.get(i).to();
		}
		return bounds;
	}

	/** How many ports the ranges {@code from0, to0, ...} hold. */
	private static int size(int[] bounds) {
		int size = 0;
		for (int i = 0; i < bounds.length; i += 2) {
			size += bounds[i + 1] - bounds[i] + 1;
		}
		return size;
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

	private static int portAt(int[] space, int index) {
		int rest = index;
		for (int i = 0; i < space.length; i += 2) {
			int size = space[i + 1] - space[i] + 1;
			if (rest < size) {
				return space[i] + rest;
			}
			rest -= size;
		}
		throw new IllegalStateException("index " + index + " outside the ranges " + Arrays.toString(space));
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
