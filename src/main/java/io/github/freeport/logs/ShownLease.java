package io.github.freeport.logs;

import java.util.Comparator;
import java.util.List;

import io.github.freeport.AllocationTrace.Attempt;

/**
 * A lease as the run report shows it in a row or a timeline bar: its event with at most the first
 * {@value #ATTEMPTS_SHOWN} refused candidates, and how many there were. The report keeps up to a table's
 * rows of these; an allocation in an exhausted range may have met 200 refusals, which its row counts
 * and the conflicts table and the JSON Lines files list.
 *
 * @param event the allocation, its refused candidates cut to the first {@value #ATTEMPTS_SHOWN}
 * @param refused how many candidates it refused in all
 */
record ShownLease(AllocationEvent event, int refused) {

	static final int ATTEMPTS_SHOWN = 5;

	static ShownLease of(AllocationEvent event) {
		List<Attempt> attempts = event.attempts();
		if (attempts.size() <= ATTEMPTS_SHOWN) {
			return new ShownLease(event, attempts.size());
		}
		return new ShownLease(new AllocationEvent(event.id(), event.run(), event.test(), event.displayName(), event.scope(),
			event.element(), event.port(), event.protocol(), event.strategy(), attempts.subList(0, ATTEMPTS_SHOWN),
			event.startedAt(), event.duration(), event.waited(), event.releasedAt(), event.pid(), event.fork(),
			event.uses()), attempts.size());
	}

	/** The refused candidates shown, {@code ; }-separated, and how many more there were. */
	String refusedText() {
		List<Attempt> attempts = event.attempts();
		StringBuilder out = new StringBuilder();
		for (int i = 0; i < attempts.size(); i++) {
			out.append(i == 0 ? "" : "; ").append(attempts.get(i));
		}
		if (refused > attempts.size()) {
			out.append("; and ").append(refused - attempts.size()).append(" more");
		}
		return out.toString();
	}

	/** The orders of the report's tables of leases. */
	enum Order implements Comparator<ShownLease> {
		/** By start, then id: the timeline, all allocations. */
		STARTED,
		/** The longest allocation first. */
		SLOWEST,
		/** The longest wait for a release first. */
		LONGEST_WAIT;

		@Override
		public int compare(ShownLease a, ShownLease b) {
			int first = this == SLOWEST ? b.event.duration().compareTo(a.event.duration())
					: this == LONGEST_WAIT ? b.event.waited().compareTo(a.event.waited()) : 0;
			return first != 0 ? first : a.event.compareTo(b.event);
		}
	}
}
