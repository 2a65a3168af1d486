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
			recorded[(int) (position >>> 6)] |= 1L << position;
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

	/** Forgets a position's release: this JVM leased it again. */
	void leased(long position) {
		long[] chunkTimes = times[(int) (position / CHUNK)];
		if (chunkTimes != null && chunkTimes[(int) (position % CHUNK)] != 0) {
			synchronized (this) {
				chunkTimes[(int) (position % CHUNK)] = 0;
				recorded[(int) (position >>> 6)] &= ~(1L << position);
			}
		}
	}

	/** Forgets the releases older than the longest quarantine. */
	private void expire(long now) {
		long kept = keptNanos;
		while (queued > 0 && now - queuedTimes[head] >= kept) {
			long position = queuedPositions[head];
			long[] chunkTimes = times[(int) (position / CHUNK)];
			if (chunkTimes[(int) (position % CHUNK)] == queuedTimes[head]) {
				chunkTimes[(int) (position % CHUNK)] = 0;
				recorded[(int) (position >>> 6)] &= ~(1L << position);
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
		return (protocol.includesTcp() && isResting(port, now, quarantineNanos))
				|| (protocol.includesUdp() && isResting(LockFileLayout.UDP_OFFSET + port, now, quarantineNanos));
	}

	private boolean isResting(long position, long now, long quarantineNanos) {
		long[] chunkTimes = times[(int) (position / CHUNK)];
		if (chunkTimes == null) {
			return false;
		}
		long released = chunkTimes[(int) (position % CHUNK)];
		return released != 0 && now - released < quarantineNanos;
	}

	/**
	 * The first port from {@code from} to {@code to} that does not rest (for the longest quarantine kept),
	 * or -1: reads the record many ports at a step, without locking.
	 */
	public int nextNotResting(int from, int to, Protocol protocol) {
		int udpWords = (int) (LockFileLayout.UDP_OFFSET >>> 6);
		for (int port = from; port <= to; port = ((port >>> 6) + 1) << 6) {
			int word = port >>> 6;
			long resting = (protocol.includesTcp() ? recorded[word] : 0) | (protocol.includesUdp() ? recorded[udpWords + word] : 0);
			long free = ~resting & (-1L << port);
			if (free != 0) {
				int found = (word << 6) + Long.numberOfTrailingZeros(free);
				return found <= to ? found : -1;
			}
		}
		return -1;
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

	/** Where a walk through the releases, oldest first, has got to. */
	public static final class Cursor {

		private long next;
	}

	/**
	 * Copies into {@code ports} the next ports of {@code protocol} still resting, oldest release first, from
	 * where the cursor is; a port is listed at its last release only.
	 *
	 * @return how many were copied: 0 when the walk is over
	 */
	public int oldestFirst(int[] ports, Cursor cursor, Protocol protocol, long quarantineNanos) {
		synchronized (this) {
			long now = System.nanoTime() - ORIGIN;
			expire(now);
			long sequence = Math.max(cursor.next, headSequence);
			int copied = 0;
			while (copied < ports.length && sequence < headSequence + queued) {
				int slot = (int) ((head + (sequence - headSequence)) % queuedPositions.length);
				long position = queuedPositions[slot];
				long released = queuedTimes[slot];
				sequence++;
				boolean udp = position >= LockFileLayout.UDP_OFFSET;
				if ((udp ? !protocol.includesUdp() : !protocol.includesTcp())
						|| times[(int) (position / CHUNK)][(int) (position % CHUNK)] != released || now - released >= quarantineNanos) {
					continue;
				}
				ports[copied++] = (int) (udp ? position - LockFileLayout.UDP_OFFSET : position);
			}
			cursor.next = sequence;
			return copied;
		}
	}
}
