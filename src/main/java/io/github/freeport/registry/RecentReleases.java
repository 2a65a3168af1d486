package io.github.freeport.registry;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.concurrent.TimeUnit;

import io.github.freeport.Protocol;
import org.apiguardian.api.API;

/**
 * The ports this JVM released lately, in memory: the quarantine. When each was last released here, and in
 * which order, for as long as the longest quarantine asked for so far ({@link #keepFor}). The allocator
 * tries recently released ports last, the longest released first among them; nothing here refuses a port.
 *
 * <p>Only this JVM's own releases are known: other JVMs' release times are not read from the holder
 * metadata, which would cost a read per lease. A port another process just released is safe all the same,
 * since the bind probe (no {@code SO_REUSEADDR}) refuses a port with a socket still bound to it, in
 * {@code TIME_WAIT} too.
 *
 * <p>Checks of single ports read without locking: a stale answer only changes the order in which ports are
 * tried, never who gets one, which the lease decides.
 */
@API(status = INTERNAL, since = "0.1")
public final class RecentReleases {

	private static final int CHUNK = 256;
	/** The time base of the records: a record of 0 means "not released lately". */
	private static final long ORIGIN = System.nanoTime() - 1;

	/** When each position was last released, nanoseconds after {@link #ORIGIN}; chunks made on first use. */
	private final long[][] times = new long[(int) (LockFileLayout.POSITIONS / CHUNK)][];
	/** The positions with a record, for counting. */
	private final long[] recorded = new long[(int) (LockFileLayout.POSITIONS / 64)];
	/** One bit per word of {@link #recorded}: whether all its 64 positions have a record, to pass them over at once. */
	private final long[] full = new long[recorded.length / 64];
	/** The releases in order, oldest first: a ring of positions and their release times. */
	private long[] queuedPositions = new long[64];
	private long[] queuedTimes = new long[64];
	private int head;
	private int queued;
	/** The sequence number of the oldest queued release. */
	private long headSequence;
	/** How long releases are kept: the longest quarantine asked for so far, in nanoseconds. */
	private volatile long keptNanos;

	RecentReleases() {
	}

	/** Keeps releases for at least {@code quarantine} from now on. */
	public void keepFor(long quarantine, TimeUnit unit) {
		long nanos = unit.toNanos(quarantine);
		if (nanos > keptNanos) {
			synchronized (this) {
				keptNanos = Math.max(keptNanos, nanos);
			}
		}
	}

	/** Records a release of this JVM now. */
	void released(long position) {
		if (keptNanos == 0) {
			return;
		}
		long now = System.nanoTime() - ORIGIN;
		synchronized (this) {
			int chunk = (int) (position / CHUNK);
			long[] chunkTimes = times[chunk];
			if (chunkTimes == null) {
				chunkTimes = new long[CHUNK];
				times[chunk] = chunkTimes;
			}
			chunkTimes[(int) (position % CHUNK)] = now;
			mark(position);
			if (queued == queuedPositions.length) {
				grow();
			}
			int tail = (head + queued) % queuedPositions.length;
			queuedPositions[tail] = position;
			queuedTimes[tail] = now;
			queued++;
			expire(now);
		}
	}

	private void grow() {
		long[] positions = new long[queuedPositions.length * 2];
		long[] releaseTimes = new long[positions.length];
		for (int i = 0; i < queued; i++) {
			positions[i] = queuedPositions[(head + i) % queuedPositions.length];
			releaseTimes[i] = queuedTimes[(head + i) % queuedPositions.length];
		}
		queuedPositions = positions;
		queuedTimes = releaseTimes;
		head = 0;
	}

	private void mark(long position) {
		int word = (int) (position >>> 6);
		recorded[word] |= 1L << position;
		if (recorded[word] == -1L) {
			full[word >>> 6] |= 1L << word;
		}
	}

	private void unmark(long position) {
		int word = (int) (position >>> 6);
		recorded[word] &= ~(1L << position);
		full[word >>> 6] &= ~(1L << word);
	}

	/** Forgets a position's release: this JVM leased it again. */
	void leased(long position) {
		long[] chunkTimes = times[(int) (position / CHUNK)];
		if (chunkTimes != null && chunkTimes[(int) (position % CHUNK)] != 0) {
			synchronized (this) {
				chunkTimes[(int) (position % CHUNK)] = 0;
				unmark(position);
			}
		}
	}

	/**
	 * Forgets the releases older than the longest quarantine, and the oldest releases of ports leased or
	 * released again since: those are no longer their ports' last, and a walk from the oldest would pass over
	 * each of them every time.
	 */
	private void expire(long now) {
		long kept = keptNanos;
		while (queued > 0) {
			long position = queuedPositions[head];
			long[] chunkTimes = times[(int) (position / CHUNK)];
			boolean last = chunkTimes[(int) (position % CHUNK)] == queuedTimes[head];
			if (last && now - queuedTimes[head] < kept) {
				return;
			}
			if (last) {
				chunkTimes[(int) (position % CHUNK)] = 0;
				unmark(position);
			}
			head = (head + 1) % queuedPositions.length;
			queued--;
			headSequence++;
		}
	}

	/** Whether this JVM released the port (either position of {@code BOTH}) less than {@code quarantineNanos} ago. */
	public boolean isResting(int port, Protocol protocol, long quarantineNanos) {
		if (quarantineNanos == 0 || keptNanos == 0) {
			return false;
		}
		long now = System.nanoTime() - ORIGIN;
		// written out for both positions: asked for every candidate, in a young JVM interpreted
		if (protocol != Protocol.UDP) {
			long[] chunkTimes = times[port / CHUNK];
			long released = chunkTimes == null ? 0 : chunkTimes[port % CHUNK];
			if (released != 0 && now - released < quarantineNanos) {
				return true;
			}
		}
		if (protocol != Protocol.TCP) {
			long position = LockFileLayout.UDP_OFFSET + port;
			long[] chunkTimes = times[(int) (position / CHUNK)];
			long released = chunkTimes == null ? 0 : chunkTimes[(int) (position % CHUNK)];
			return released != 0 && now - released < quarantineNanos;
		}
		return false;
	}

	/**
	 * The first port from {@code from} to {@code to} that does not rest (for the longest quarantine kept),
	 * or -1: reads the record many ports at a step, without locking.
	 */
	public int nextNotResting(int from, int to, Protocol protocol) {
		int udpWords = (int) (LockFileLayout.UDP_OFFSET >>> 6);
		for (int port = from; port <= to;) {
			int word = port >>> 6;
			int notFull = nextNotFull(word, protocol);
			if (notFull != word) {
				port = notFull << 6;
				continue;
			}
			long resting = (protocol != Protocol.UDP ? recorded[word] : 0) | (protocol != Protocol.TCP ? recorded[udpWords + word] : 0);
			long free = ~resting & (-1L << port);
			if (free != 0) {
				int found = (word << 6) + Long.numberOfTrailingZeros(free);
				return found <= to ? found : -1;
			}
			port = (word + 1) << 6;
		}
		return -1;
	}

	/** The first word of {@link #recorded} from {@code word} on that is not full for the protocol's positions. */
	private int nextNotFull(int word, Protocol protocol) {
		int udpWords = (int) (LockFileLayout.UDP_OFFSET >>> 6);
		for (int group = word >>> 6; group < udpWords >>> 6; group++) {
			long full = (protocol != Protocol.UDP ? this.full[group] : -1L)
					& (protocol != Protocol.TCP ? this.full[(udpWords >>> 6) + group] : -1L);
			long notFull = ~full & (group == word >>> 6 ? -1L << word : -1L);
			if (notFull != 0) {
				return (group << 6) + Long.numberOfTrailingZeros(notFull);
			}
		}
		return udpWords;
	}

	/**
	 * How many ports from {@code from} to {@code to} rest, for a quarantine as long as the longest kept; -1
	 * when that cannot be counted exactly (a shorter quarantine, or {@code BOTH}).
	 */
	public int restingIn(int from, int to, Protocol protocol, long quarantineNanos) {
		if (protocol == Protocol.BOTH || quarantineNanos != keptNanos) {
			return -1;
		}
		long offset = protocol == Protocol.UDP ? LockFileLayout.UDP_OFFSET : 0;
		long first = offset + from;
		long last = offset + to;
		synchronized (this) {
			expire(System.nanoTime() - ORIGIN);
			int count = 0;
			for (long word = first >>> 6; word <= last >>> 6; word++) {
				long bits = recorded[(int) word];
				if (word == first >>> 6) {
					bits &= -1L << first;
				}
				if (word == last >>> 6) {
					bits &= -1L >>> (63 - (last & 63));
				}
				count += Long.bitCount(bits);
			}
			return count;
		}
	}

	/**
	 * Where a walk through the resting ports of a space, oldest release first, has got to. A space is a list
	 * of port ranges, {@code from0, to0, from1, to1, ...}, ascending.
	 */
	@API(status = INTERNAL, since = "0.1")
	public static final class Cursor {

		private final int[] space;
		private final Protocol protocol;
		private final long quarantineNanos;
		private long next;
		/** Once the releases in order passed over too many outside the space: the last port found by the times. */
		private boolean byTimes;
		private long lastTime;
		private int lastPort = -1;

		public Cursor(int[] space, Protocol protocol, long quarantineNanos) {
			this.space = space;
			this.protocol = protocol;
			this.quarantineNanos = quarantineNanos;
		}
	}

	/** Releases outside the space passed over in order before the walk looks up the space's ports by time. */
	private static final int PASSED_OVER_AT_MOST = 256;

	/**
	 * The next port of the cursor's space still resting, the longest released first; -1 when none is left.
	 * A port of {@code BOTH} counts by its TCP release; a port is listed at its last release only.
	 *
	 * <p>The releases are walked in order, which finds the oldest at once while one range is in use. When
	 * many releases of other ranges come first (ranges in turn in a tight loop), the space's ports are looked
	 * up by their release times instead, which costs a pass over the space per port.
	 */
	public int nextOldest(Cursor cursor) {
		synchronized (this) {
			long now = System.nanoTime() - ORIGIN;
			expire(now);
			if (!cursor.byTimes) {
				long sequence = Math.max(cursor.next, headSequence);
				int passedOver = 0;
				while (sequence < headSequence + queued && passedOver < PASSED_OVER_AT_MOST) {
					int slot = (int) ((head + (sequence - headSequence)) % queuedPositions.length);
					long position = queuedPositions[slot];
					long released = queuedTimes[slot];
					sequence++;
					int port = ofProtocol(position, cursor.protocol);
					if (port < 0 || times[(int) (position / CHUNK)][(int) (position % CHUNK)] != released
							|| now - released >= cursor.quarantineNanos) {
						continue;
					}
					if (!inSpace(cursor.space, port)) {
						passedOver++;
						continue;
					}
					cursor.next = sequence;
					cursor.lastTime = released;
					cursor.lastPort = port;
					return port;
				}
				cursor.next = sequence;
				if (sequence >= headSequence + queued) {
					return -1;
				}
				cursor.byTimes = true;
			}
			return nextByTimes(cursor, now);
		}
	}

	/** The port of a position for a protocol's walk, or -1 when the position is of the other protocol. */
	private static int ofProtocol(long position, Protocol protocol) {
		boolean udp = position >= LockFileLayout.UDP_OFFSET;
		if (protocol == Protocol.BOTH ? udp : (udp ? !protocol.includesUdp() : !protocol.includesTcp())) {
			return -1;
		}
		return (int) (udp ? position - LockFileLayout.UDP_OFFSET : position);
	}

	private static boolean inSpace(int[] space, int port) {
		for (int i = 0; i < space.length; i += 2) {
			if (port >= space[i] && port <= space[i + 1]) {
				return true;
			}
		}
		return false;
	}

	/** The resting port of the space released after the last one found (by time, then port): a pass over the space. */
	private int nextByTimes(Cursor cursor, long now) {
		long offset = cursor.protocol == Protocol.UDP ? LockFileLayout.UDP_OFFSET : 0;
		int best = -1;
		long bestTime = Long.MAX_VALUE;
		for (int i = 0; i < cursor.space.length; i += 2) {
			for (int port = cursor.space[i]; port <= cursor.space[i + 1]; port++) {
				long position = offset + port;
				long[] chunkTimes = times[(int) (position / CHUNK)];
				if (chunkTimes == null) {
					port = (int) ((position / CHUNK + 1) * CHUNK - offset - 1); // a block without releases
					continue;
				}
				long released = chunkTimes[(int) (position % CHUNK)];
				boolean after = released > cursor.lastTime || (released == cursor.lastTime && port > cursor.lastPort);
				if (released != 0 && now - released < cursor.quarantineNanos && after && released < bestTime) {
					best = port;
					bestTime = released;
				}
			}
		}
		if (best >= 0) {
			cursor.lastTime = bestTime;
			cursor.lastPort = best;
		}
		return best;
	}
}
