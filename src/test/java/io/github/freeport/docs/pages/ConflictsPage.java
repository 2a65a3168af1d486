package io.github.freeport.docs.pages;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.freeport.Occupation;
import io.github.freeport.OccupiedPort;
import io.github.freeport.PortConflicts;
import io.github.freeport.PortOccupation;
import io.github.freeport.docs.pages.StandIns.Server;
import org.junit.jupiter.api.Test;

/** docs/conflicts.md's code blocks. */
@SuppressWarnings("try") // resources only opened and closed, as the page shows them
class ConflictsPage {

	// tag::occupied-port[]
	@Test
	void fallsBackWhenTheDefaultPortIsTaken(@OccupiedPort(port = 8080) int busy) {
		Server server = Server.startWithDefaults();
		assertThat(server.port()).isNotEqualTo(busy);
	}
	// end::occupied-port[]

	void withoutJUnit() {
		// tag::occupy[]
		try (PortOccupation busy = PortConflicts.occupy(8080, Occupation.BOUND_NOT_LISTENING)) {
			// ...
		}
		// end::occupy[]
	}
}
