package io.github.freeport.logs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.github.freeport.AllocationTrace.Attempt;
import io.github.freeport.AllocationTrace.Refusal;

/**
 * What the run report shows of a run, gathered line by line in one pass over its files, in any order: the
 * counts, the first rows of each table, the leases for the timeline (each lease of a small run, the forks'
 * bins of a large one). What it keeps is bounded by the number of forks and tests, and by the tables' rows,
 * never by the number of lines.
 */
final class RunTally implements EventsFileReader.Lines {

	/** The rows a table shows at most; the rest are in the JSON Lines files. */
	static final int ROWS = 1000;
	/** Up to this many leases, the timeline draws each; beyond, each fork's leases over time. */
	static final int BARS = 1000;
	static final int SLOWEST = 10;
	/** The unreadable lines kept to be listed; all are counted. */
	static final int PROBLEMS = 100;

	private long allocations;
	private long waitCount;
	private long refused;
	private final long[] refusals = new long[Refusal.values().length];
	private final DistinctHashes tests = new DistinctHashes();
	private final DistinctHashes pids = new DistinctHashes();
	private final FirstRows<ShownLease> slowest = new FirstRows<>(ShownLease.Order.SLOWEST, SLOWEST);
	private final FirstRows<ShownLease> waits = new FirstRows<>(ShownLease.Order.LONGEST_WAIT, ROWS);
	private final FirstRows<ShownLease> firstLeases = new FirstRows<>(ShownLease.Order.STARTED, ROWS);
	private final FirstRows<AllocationEvent> conflicts = new FirstRows<>(Comparator.naturalOrder(), ROWS);
	private final FirstRows<FailedAllocation> failures = new FirstRows<>(Comparator.naturalOrder(), ROWS);
	private final FirstRows<LeaseNotice> notices = new FirstRows<>(Comparator.naturalOrder(), ROWS);
	/** Every lease, while there are no more than {@link #BARS}; then null. */
	private List<ShownLease> bars = new ArrayList<>();
	private final Occupancy occupancy = new Occupancy();
	private final List<String> problems = new ArrayList<>();
	private long problemCount;

	@Override
	public void allocation(AllocationLine line) {
		allocations++;
		line.countTest(tests);
		pids.add(line.pid());
		if (line.waitedNanos() != 0) {
			waitCount++;
		}
		if (kept(line)) {
			AllocationEvent event = line.event();
			List<Attempt> attempts = event.attempts();
			refused += attempts.size();
			for (int i = 0; i < attempts.size(); i++) {
				refusals[attempts.get(i).refusal().ordinal()]++;
			}
			ShownLease lease = ShownLease.of(event);
			slowest.offer(lease);
			waits.offer(lease, event.waited().isZero() ? 0 : 1);
			firstLeases.offer(lease);
			conflicts.offer(event, attempts.size());
			if (bars != null) {
				bars = bars.size() < BARS ? bars : null;
				if (bars != null) {
					bars.add(lease);
				}
			}
		}
		else if (bars != null) {
			bars = null;
		}
		long start = Occupancy.micros(line.startedAt());
		occupancy.add(line.pid(), line.fork(), start, Occupancy.micros(line.endedAt()), line.refused() > 0,
			line.waitedNanos() != 0);
	}

	/**
	 * Whether a table might show the line, or the timeline draw it: only then is its whole event read. One that
	 * comes after every row a full table keeps would be turned away; it is counted, not read.
	 */
	private boolean kept(AllocationLine line) {
		if (bars != null && bars.size() < BARS || line.refused() > 0) {
			return true;
		}
		ShownLease first = firstLeases.last();
		if (first == null || line.startedAt().compareTo(first.event().startedAt()) <= 0) {
			return true;
		}
		ShownLease slow = slowest.last();
		if (slow == null || line.durationNanos() >= slow.event().duration().toNanos()) {
			return true;
		}
		ShownLease wait = waits.last();
		return line.waitedNanos() != 0 && (wait == null || line.waitedNanos() >= wait.event().waited().toNanos());
	}

	@Override
	public void failure(FailedAllocation failure) {
		failures.offer(failure);
	}

	@Override
	public void notice(LeaseNotice notice) {
		notices.offer(notice);
	}

	@Override
	public void problem(String problem) {
		problemCount++;
		if (problems.size() < PROBLEMS) {
			problems.add(problem);
		}
	}

	long allocations() {
		return allocations;
	}

	long refused() {
		return refused;
	}

	/** How many refused candidates had this refusal. */
	long refusals(Refusal refusal) {
		return refusals[refusal.ordinal()];
	}

	long tests() {
		return tests.size();
	}

	long forks() {
		return pids.size();
	}

	/** The slowest allocations, the slowest first. */
	List<ShownLease> slowest() {
		return slowest.sorted();
	}

	/** The first {@link #ROWS} allocations that waited for a release, the longest wait first. */
	List<ShownLease> waits() {
		return waits.sorted();
	}

	/** How many allocations waited for a release. */
	long waitCount() {
		return waitCount;
	}

	/** The first {@link #ROWS} allocations, by start. */
	List<ShownLease> firstLeases() {
		return firstLeases.sorted();
	}

	/** The allocations that hold the first {@link #ROWS} refused candidates, by start. */
	List<AllocationEvent> conflicts() {
		return conflicts.sorted();
	}

	/** The first {@link #ROWS} failed allocations, by time. */
	List<FailedAllocation> failures() {
		return failures.sorted();
	}

	long failureCount() {
		return failures.offered();
	}

	/** The first {@link #ROWS} reservations not closed, by time. */
	List<LeaseNotice> notices() {
		return notices.sorted();
	}

	long noticeCount() {
		return notices.offered();
	}

	/** Every lease by start, for a timeline of bars; null when there are more than {@link #BARS}. */
	List<ShownLease> bars() {
		if (bars == null) {
			return null;
		}
		List<ShownLease> sorted = new ArrayList<>(bars);
		sorted.sort(ShownLease.Order.STARTED);
		return sorted;
	}

	Occupancy occupancy() {
		return occupancy;
	}

	/** The first {@link #PROBLEMS} unreadable lines, in the order read. */
	List<String> problems() {
		return problems;
	}

	long problemCount() {
		return problemCount;
	}
}
