package io.github.freeport.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.freeport.Protocol;
import org.junit.jupiter.api.Test;

/** This JVM's record of its releases: which ports rest, in what order, and the look-ups many ports at a step. */
class RecentReleasesTests {

	private static final long HOUR = TimeUnit.HOURS.toNanos(1);

	private final RecentReleases recent = new RecentReleases();

	RecentReleasesTests() {
		recent.keepFor(1, TimeUnit.HOURS);
	}

	@Test
	void nothingRestsWithoutAQuarantine() {
		RecentReleases none = new RecentReleases();
		none.released(20000);
		assertThat(none.isResting(20000, Protocol.TCP, HOUR)).isFalse();
		assertThat(none.nextNotResting(20000, 20000, Protocol.TCP)).isEqualTo(20000);
	}

	@Test
	void aReleasedPortRestsUntilLeasedAgainAndOnlyForItsProtocol() {
		recent.released(20000);
		recent.released(LockFileLayout.UDP_OFFSET + 20001);

		assertThat(recent.isResting(20000, Protocol.TCP, HOUR)).isTrue();
		assertThat(recent.isResting(20000, Protocol.UDP, HOUR)).isFalse();
		assertThat(recent.isResting(20000, Protocol.BOTH, HOUR)).isTrue();
		assertThat(recent.isResting(20001, Protocol.TCP, HOUR)).isFalse();
		assertThat(recent.isResting(20001, Protocol.BOTH, HOUR)).isTrue();
		assertThat(recent.isResting(20000, Protocol.TCP, 0)).as("no quarantine asked for").isFalse();

		recent.leased(20000);
		assertThat(recent.isResting(20000, Protocol.TCP, HOUR)).isFalse();
	}

	@Test
	void passesOverRestingPortsManyAtAStep() {
		for (int port = 4096; port <= 8192; port++) { // a whole group of 64 words, and one more port
			recent.released(port);
		}
		assertThat(recent.nextNotResting(4000, 9000, Protocol.TCP)).isEqualTo(4000);
		assertThat(recent.nextNotResting(4096, 9000, Protocol.TCP)).isEqualTo(8193);
		assertThat(recent.nextNotResting(4096, 8192, Protocol.TCP)).isEqualTo(-1);
		assertThat(recent.nextNotResting(5000, 5000, Protocol.UDP)).as("UDP rests apart").isEqualTo(5000);
		assertThat(recent.nextNotResting(5000, 9000, Protocol.BOTH)).isEqualTo(8193);
		assertThat(recent.restingIn(4000, 9000, Protocol.TCP, HOUR)).isEqualTo(8192 - 4096 + 1);

		recent.leased(6000);
		assertThat(recent.nextNotResting(4096, 9000, Protocol.TCP)).isEqualTo(6000);
	}

	@Test
	void theLongestReleasedComesFirstAtItsLastReleaseOnly() {
		recent.released(30010);
		recent.released(30020);
		recent.released(30030);
		recent.released(30999); // outside the space
		recent.released(30010); // again: now the last

		assertThat(walk(new int[] { 30000, 30100 })).containsExactly(30020, 30030, 30010);
		assertThat(walk(new int[] { 30015, 30025, 30030, 30030 })).containsExactly(30020, 30030);
	}

	@Test
	void manyReleasesElsewhereFirstStillFindTheSpacesOldest() {
		recent.released(40001);
		for (int port = 10000; port < 12000; port++) {
			recent.released(port);
		}
		recent.released(40002);

		assertThat(walk(new int[] { 40000, 40010 })).containsExactly(40001, 40002);
	}

	private List<Integer> walk(int[] space) {
		RecentReleases.Cursor cursor = new RecentReleases.Cursor(space, Protocol.TCP, HOUR);
		List<Integer> ports = new ArrayList<>();
		for (int port = recent.nextOldest(cursor); port >= 0; port = recent.nextOldest(cursor)) {
			ports.add(port);
		}
		return ports;
	}
}
