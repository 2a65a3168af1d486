package io.github.freeport.docs.pages;

import java.nio.file.Path;

import io.github.freeport.PortReservation;
import io.github.freeport.Ports;
import io.github.freeport.Protocol;
import io.github.freeport.conflicts.Replay;
import io.github.freeport.conflicts.ReplayPlan;
import io.github.freeport.conflicts.ReplayedConflicts;
import io.github.freeport.diagnostics.PortHolders;

/** docs/replay.md's code blocks. */
@SuppressWarnings("try") // resources only opened and closed, as the page shows them
class ReplayPage {

	void replay() {
		// tag::replay[]
		ReplayPlan plan = Replay.plan(Path.of("ci-artifacts/freeport/1234"), "fallsBack");
		System.out.println(plan.describe());
		try (ReplayedConflicts busy = plan.occupy()) {
			// run the test, or the code under test: it meets the recorded busy ports
		}
		// end::replay[]
	}

	void walkThrough() {
		// tag::walk-through[]
		ReplayPlan plan = Replay.plan(Path.of("/tmp/replay-demo/freeport/run-demo"), "fallsBack");
		System.out.println(plan.describe());
		try (ReplayedConflicts busy = plan.occupy();
				PortReservation again = Ports.request().preferred(40173, 12712, 11760).reserve()) {
			System.out.println(again.trace());
			System.out.println(PortHolders.of(40173, Protocol.TCP).describe());
			System.out.println(PortHolders.of(12712, Protocol.TCP).describe());
		}
		// end::walk-through[]
	}
}
