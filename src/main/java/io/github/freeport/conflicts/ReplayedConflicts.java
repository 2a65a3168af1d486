package io.github.freeport.conflicts;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import io.github.freeport.registry.Lease;
import org.apiguardian.api.API;

/**
 * The busy ports of a {@link ReplayPlan}, held until {@link #close()}. Closing is idempotent and never
 * throws: it stops every occupant (sockets, holder processes) in reverse order and releases the leases.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class ReplayedConflicts implements AutoCloseable {

	/** One occupied step: its occupant, and its lease unless the step is held outside the registry. */
	record Held(ReplayStep step, Lease lease, Occupant occupant) {
	}

	private final ReplayPlan plan;
	private final List<Held> held;
	private final AtomicBoolean released = new AtomicBoolean();

	ReplayedConflicts(ReplayPlan plan, List<Held> held) {
		this.plan = plan;
		this.held = List.copyOf(held);
	}

	/** The plan this replays. */
	public ReplayPlan plan() {
		return plan;
	}

	/** The steps held, in the order they were occupied. */
	public List<ReplayStep> steps() {
		return held.stream().map(Held::step).collect(Collectors.toList());
	}

	/**
	 * The process holding a step's port: a holder process for {@code LISTENING_IN_OTHER_PROCESS}, else this JVM.
	 *
	 * @throws IllegalArgumentException naming the held ports when {@code port} is not one of them
	 */
	public long holderPid(int port) {
		return held.stream().filter(h -> h.step().port() == port).findFirst()
			.orElseThrow(() -> new IllegalArgumentException("Port " + port + " is not held by this replay; it holds "
					+ held.stream().map(h -> String.valueOf(h.step().port())).collect(Collectors.joining(", ", "[", "]"))))
			.occupant().pid();
	}

	/** Whether {@link #close()} has been called. */
	public boolean isReleased() {
		return released.get();
	}

	/** Frees every port: stops the occupants, last first, and releases the leases. */
	@Override
	public void close() {
		if (released.compareAndSet(false, true)) {
			closeAll(held);
		}
	}

	static void closeAll(List<Held> held) {
		List<Held> reversed = new ArrayList<>(held);
		Collections.reverse(reversed);
		for (Held one : reversed) {
			try {
				one.occupant().close();
			}
			finally {
				if (one.lease() != null) {
					one.lease().release();
				}
			}
		}
	}

	@Override
	public String toString() {
		return "ReplayedConflicts[" + plan.test() + ": " + held.stream().map(h -> h.step().protocol() + " " + h.step().port())
			.collect(Collectors.joining(", ")) + (isReleased() ? ", released" : "") + "]";
	}
}
