package io.github.freeport.logs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How many leases each fork held over a run, for the timeline of a run too large to draw lease by lease:
 * per fork, how much lease time fell into each of {@value #BINS} bins of time, and how many allocations
 * started in each, after refused candidates or after a wait. The leases come in any order (fork after fork,
 * each file in the order its leases ended), so the bins cover what has been read so far: when a lease falls
 * outside them, they are made twice as wide (merged in pairs) or shifted, never finer. Memory per fork stays
 * the same however long the run; the run's first start and last end are kept exactly, for the axis.
 */
final class Occupancy {

	static final int BINS = 512;
	/** Times beyond about ±36,000 years from 1970 are clamped there: a damaged line must not overflow the bins. */
	private static final long LIMIT_MICROS = 1L << 60;
	private static final long MAX_WIDTH = 1L << 53;

	/** The start of bin 0, in microseconds since the epoch: a multiple of {@link #width}. */
	private long origin;
	/** Microseconds per bin, a power of two; 0 before the first lease. */
	private long width;
	/** The power: {@code width == 1L << shift}. */
	private int shift;
	private long first = Long.MAX_VALUE;
	private long last = Long.MIN_VALUE;
	private final Map<String, Fork> forks = new HashMap<>();
	private Fork lastFork;

	/** One fork's bins. */
	static final class Fork implements Comparable<Fork> {

		final String name;
		final long pid;
		final String fork;
		double[] held = new double[BINS];
		int[] started = new int[BINS];
		int[] refused = new int[BINS];
		int[] waited = new int[BINS];
		long leases;
		long refusedLeases;
		long waitedLeases;
		long firstStart = Long.MAX_VALUE;

		Fork(long pid, String fork) {
			this.pid = pid;
			this.fork = fork;
			this.name = "pid " + pid + (fork.isEmpty() ? "" : " fork " + fork);
		}

		/** By first lease, as the timeline lists forks. */
		@Override
		public int compareTo(Fork other) {
			int byStart = Long.compare(firstStart, other.firstStart);
			return byStart != 0 ? byStart : name.compareTo(other.name);
		}
	}

	/** Microseconds since the epoch, clamped to what the bins can hold. */
	static long micros(Instant time) {
		long seconds = Math.max(-LIMIT_MICROS / 1_000_000, Math.min(LIMIT_MICROS / 1_000_000, time.getEpochSecond()));
		return seconds * 1_000_000 + time.getNano() / 1000;
	}

	/** A lease of a fork from {@code start} to {@code end}, in microseconds since the epoch. */
	void add(long pid, String fork, long start, long end, boolean refused, boolean waited) {
		long until = Math.max(start, end);
		if (width == 0 || start < origin || until >= origin + BINS * width) {
			regrid(Math.min(first, start), Math.max(last, until));
		}
		first = Math.min(first, start);
		last = Math.max(last, until);
		Fork lane = lastFork;
		if (lane == null || lane.pid != pid || !lane.fork.equals(fork)) {
			lane = forks.get(pid + " " + fork);
			if (lane == null) {
				lane = new Fork(pid, fork);
				forks.put(pid + " " + fork, lane);
			}
			lastFork = lane;
		}
		int bin = (int) ((start - origin) >> shift);
		lane.leases++;
		lane.started[bin]++;
		if (refused) {
			lane.refusedLeases++;
			lane.refused[bin]++;
		}
		if (waited) {
			lane.waitedLeases++;
			lane.waited[bin]++;
		}
		lane.firstStart = Math.min(lane.firstStart, start);
		long from = start;
		long binEnd = origin + (bin + 1) * width;
		while (from < until) {
			long to = Math.min(until, binEnd);
			lane.held[bin++] += to - from;
			from = to;
			binEnd += width;
		}
	}

	/**
	 * Bins that cover {@code [low, high]}, which holds every lease so far: the narrowest whose width is a
	 * multiple of the old one, with the leases centred so that the next ones outside need no new bins soon.
	 * The old bins go whole into the new ones: both are aligned to multiples of their widths.
	 */
	private void regrid(long low, long high) {
		long span = high - low;
		long w = width == 0 ? 1 : width;
		int power = shift;
		while (w < MAX_WIDTH && w * (BINS - 2) <= span + 1) {
			w *= 2;
			power++;
		}
		long room = BINS * w - span;
		long o = Math.floorDiv(low - room / 2, w) * w;
		for (Fork lane : forks.values()) {
			double[] held = new double[BINS];
			int[] started = new int[BINS];
			int[] refused = new int[BINS];
			int[] waited = new int[BINS];
			for (int i = 0; i < BINS; i++) {
				if (lane.held[i] != 0 || lane.started[i] != 0) {
					int j = (int) Math.max(0, Math.min(BINS - 1, (origin + i * width - o) >> power));
					held[j] += lane.held[i];
					started[j] += lane.started[i];
					refused[j] += lane.refused[i];
					waited[j] += lane.waited[i];
				}
			}
			lane.held = held;
			lane.started = started;
			lane.refused = refused;
			lane.waited = waited;
		}
		origin = o;
		width = w;
		shift = power;
	}

	/** Whether any lease was added. */
	boolean isEmpty() {
		return width == 0;
	}

	/** The first lease's start, in microseconds since the epoch. */
	long first() {
		return first;
	}

	/** The last lease's end, in microseconds since the epoch. */
	long last() {
		return last;
	}

	/** The forks, by first lease. */
	List<Fork> forks() {
		List<Fork> lanes = new ArrayList<>(forks.values());
		Collections.sort(lanes);
		return lanes;
	}

	/**
	 * A fork's bins over {@code columns} equal parts of the run, from its first start to its last end:
	 * {@code [0]} the lease time in each, {@code [1]} allocations started, {@code [2]} of them after refused
	 * candidates, {@code [3]} after a wait. A bin's lease time is spread evenly over the columns it overlaps,
	 * its counts go to the column of its middle.
	 */
	double[][] columns(Fork lane, int columns) {
		double[][] out = new double[4][columns];
		double span = Math.max(1, last - first);
		for (int i = 0; i < BINS; i++) {
			if (lane.held[i] == 0 && lane.started[i] == 0) {
				continue;
			}
			double from = Math.max(first, origin + i * width) - first;
			double to = Math.min(last, origin + (i + 1) * width) - first;
			int middle = column((from + to) / 2, span, columns);
			out[1][middle] += lane.started[i];
			out[2][middle] += lane.refused[i];
			out[3][middle] += lane.waited[i];
			if (to <= from) {
				out[0][middle] += lane.held[i];
				continue;
			}
			for (int c = column(from, span, columns); c <= column(to, span, columns); c++) {
				double overlap = Math.min(to, span * (c + 1) / columns) - Math.max(from, span * c / columns);
				if (overlap > 0) {
					out[0][c] += lane.held[i] * overlap / (to - from);
				}
			}
		}
		return out;
	}

	private static int column(double offset, double span, int columns) {
		return (int) Math.max(0, Math.min(columns - 1, offset * columns / span));
	}
}
