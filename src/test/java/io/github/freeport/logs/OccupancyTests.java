package io.github.freeport.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The bins of a large run's timeline: whatever order the leases come in, every lease's time and count is kept. */
class OccupancyTests {

	@Test
	void keepsEveryForksLeaseTimeAndCountsInWhateverOrderTheyCome() {
		Random random = new Random(7);
		List<long[]> leases = new ArrayList<>(); // fork, start, end, refused, waited
		long[] heldPerFork = new long[3];
		for (int i = 0; i < 30_000; i++) {
			long start = 1_700_000_000_000_000L + random.nextInt(600_000_000); // ten minutes, in microseconds
			long end = start + (i % 100 == 0 ? random.nextInt(300_000_000) : random.nextInt(20_000));
			int fork = i % 3;
			leases.add(new long[] { fork, start, end, i % 7 == 0 ? 1 : 0, i % 11 == 0 ? 1 : 0 });
			heldPerFork[fork] += end - start;
		}
		for (int order = 0; order < 3; order++) {
			if (order == 1) {
				leases.sort((a, b) -> Long.compare(a[1], b[1]));
			}
			else if (order == 2) {
				Collections.reverse(leases);
			}
			Occupancy occupancy = new Occupancy();
			long first = Long.MAX_VALUE;
			long last = Long.MIN_VALUE;
			for (long[] lease : leases) {
				occupancy.add(1000 + lease[0], "", lease[1], lease[2], lease[3] == 1, lease[4] == 1);
				first = Math.min(first, lease[1]);
				last = Math.max(last, lease[2]);
			}
			assertThat(occupancy.first()).isEqualTo(first);
			assertThat(occupancy.last()).isEqualTo(last);
			List<Occupancy.Fork> forks = occupancy.forks();
			assertThat(forks).extracting(fork -> fork.name).containsExactlyInAnyOrder("pid 1000", "pid 1001", "pid 1002");
			for (Occupancy.Fork fork : forks) {
				double[][] columns = occupancy.columns(fork, Timeline.COLUMNS);
				assertThat(sum(columns[0])).as("lease time of %s", fork.name)
					.isCloseTo(heldPerFork[(int) (fork.pid - 1000)], within(1.0));
				assertThat(sum(columns[1])).isEqualTo(10_000);
				assertThat(sum(columns[2])).isEqualTo(fork.refusedLeases).isEqualTo(leases.stream()
					.filter(l -> l[0] == fork.pid - 1000 && l[3] == 1).count());
				assertThat(sum(columns[3])).isEqualTo(fork.waitedLeases);
			}
		}
	}

	@Test
	void putsEachLeaseInTheColumnsOfItsTime() {
		Occupancy occupancy = new Occupancy();
		occupancy.add(1, "1", 2_000_000, 2_000_100, false, false); // a late one first: the bins move back for the others
		occupancy.add(1, "1", 0, 1_000_000, true, false);
		occupancy.add(1, "1", 1_000_000, 1_000_000, false, true);
		double[][] columns = occupancy.columns(occupancy.forks().get(0), 20);
		// a bin is at most twice as fine as the run over the bins: its time may spill over a column's edge
		double bin = 2.0 * 2_000_100 / Occupancy.BINS * 2;
		assertThat(sum(columns[0], 0, 10)).isCloseTo(1_000_000, within(bin));
		assertThat(sum(columns[0], 10, 19)).isCloseTo(0, within(bin));
		assertThat(sum(columns[0])).isCloseTo(1_000_100, within(1.0));
		assertThat(columns[0][19]).isCloseTo(100, within(1.0));
		assertThat(columns[1][0] + columns[1][9] + columns[1][10] + columns[1][19]).isEqualTo(3);
		assertThat(sum(columns[2], 0, 1)).isEqualTo(1);
		assertThat(sum(columns[3], 9, 11)).isEqualTo(1);
	}

	@Test
	void clampsTimesNoBinsCouldHold() {
		Occupancy occupancy = new Occupancy();
		occupancy.add(1, "", Occupancy.micros(Instant.parse("-999999999-01-01T00:00:00Z")), 0, false, false);
		occupancy.add(1, "", 0, Occupancy.micros(Instant.MAX), false, false);
		assertThat(occupancy.last() - occupancy.first()).isPositive();
		assertThat(sum(occupancy.columns(occupancy.forks().get(0), 10)[1])).isEqualTo(2);
	}

	private static double sum(double[] values) {
		return sum(values, 0, values.length);
	}

	private static double sum(double[] values, int from, int to) {
		double sum = 0;
		for (int i = from; i < to; i++) {
			sum += values[i];
		}
		return sum;
	}
}
