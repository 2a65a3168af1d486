package io.github.freeport.registry;

import java.io.IOException;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.github.freeport.AllocationTrace.Refusal;
import io.github.freeport.FreePortException;
import io.github.freeport.Protocol;

/**
 * Taking and giving back leases in one registry folder, and the quarantine of recently released ports.
 *
 * <p>A lease of a position is taken in two steps: this JVM's {@linkplain HeldPositions table} (threads),
 * then the byte's lock in its block's lock file (processes). Only then is the holder written to the slot,
 * in place, while the lock is held. A release only unlocks: the slot keeps saying who leased the port last,
 * which nobody takes for a live lease, since readers trust a slot only while its lock is held. Writing
 * "released" there cost a second write per lease, whose only reader was a quarantine across processes. A
 * release is recorded in this JVM's {@link RecentReleases}, which the allocator reads for the quarantine: no
 * lease is refused for it here.
 */
final class Leasing {

	private final LockFiles files;
	private final HeldPositions held;
	private final AtomicLong releases = new AtomicLong();
	/** Threads in {@link #awaitRelease}: a release wakes them only when there are some. */
	private final AtomicInteger waiting = new AtomicInteger();
	private final RecentReleases recent = new RecentReleases();

	Leasing(LockFiles files, HeldPositions held) {
		this.files = files;
		this.held = held;
	}

	/** This JVM's recent releases: the quarantine. */
	RecentReleases recent() {
		return recent;
	}

	/**
	 * Tries to lease a port without waiting.
	 *
	 * @param owner who asks, recorded as the holder
	 * @throws FreePortException when locks fail, or a lock file was deleted or replaced and cannot be opened again
	 */
	LeaseOutcome tryLease(int port, Protocol protocol, String owner) {
		files.checkIfDue();
		Holder holder = Holder.inThisJvm(owner);
		long[] positions = LockFileLayout.positions(port, protocol);
		for (long position : positions) {
			files.openBlockOf(position);
		}
		synchronized (files.inUse()) {
			for (int i = 0; i < positions.length; i++) {
				LeaseOutcome refusal = tryLock(positions[i], holder);
				if (refusal != null) {
					for (int j = i - 1; j >= 0; j--) {
						unlock(positions[j], holder, false);
					}
					return refusal;
				}
			}
		}
		return LeaseOutcome.leased(new Lease(this, port, protocol, positions, holder));
	}

	/** Locks one position; {@code null} when taken, else the refusal. */
	private LeaseOutcome tryLock(long position, Holder holder) {
		HeldPositions.Entry entry = new HeldPositions.Entry(holder);
		HeldPositions.Entry inThisJvm = held.putIfAbsent(position, entry);
		if (inThisJvm != null) {
			return LeaseOutcome.refused(Refusal.LEASED_IN_THIS_JVM, inThisJvm.holder.owner());
		}
		FileLock lock;
		try {
			lock = files.tryLock(position);
		}
		catch (IOException | OverlappingFileLockException e) {
			held.remove(position, entry);
			throw new FreePortException("Cannot lock byte " + LockFileLayout.offsetOf(position) + " of the freeport lock file "
					+ files.pathOf(position) + " (" + LockFileLayout.describe(position) + "): " + e
					+ "; set freeport.registry.dir to a folder on a local disk", e);
		}
		catch (RuntimeException e) { // the block's lock file cannot be opened
			held.remove(position, entry);
			throw e;
		}
		if (lock == null) {
			held.remove(position, entry);
			String detail = files.slots().read(position).filter(h -> !h.released()).map(Holder::toString)
				.orElse("holder unknown");
			return LeaseOutcome.refused(Refusal.LEASED_BY_OTHER_PROCESS, detail);
		}
		entry.lock = lock;
		files.slots().writeLeased(position, holder.pid(), holder.fork(), holder.owner(), holder.sinceMillis());
		recent.leased(position);
		return null;
	}

	/** Gives back a lease's positions, last first. */
	void release(long[] positions, Holder holder) {
		synchronized (files.inUse()) {
			for (int i = positions.length - 1; i >= 0; i--) {
				unlock(positions[i], holder, true);
			}
		}
	}

	/** Unlocks a position; a {@code release} is recorded for the quarantine, a lease given up while being taken is not. */
	private void unlock(long position, Holder holder, boolean release) {
		HeldPositions.Entry entry = held.get(position);
		if (entry == null || entry.holder != holder) {
			return;
		}
		FileLock lock = entry.lock;
		if (lock != null) { // null when lost to another process in a replaced lock file
			try {
				lock.release();
			}
			catch (IOException e) {
				// the channel is gone (JVM shutting down): the OS has dropped the lock already
			}
		}
		held.remove(position, entry);
		if (release) {
			recent.released(position);
		}
		releases.incrementAndGet();
		if (waiting.get() > 0) {
			synchronized (releases) {
				releases.notifyAll();
			}
		}
	}

	/** A counter that moves on every release in this JVM; pass it to {@link #awaitRelease}. */
	long releaseCount() {
		return releases.get();
	}

	/**
	 * Waits until a lease of this JVM is released after {@code seen} was read, or the time is up. Releases
	 * by other processes are not signalled: callers poll with a bounded wait.
	 */
	void awaitRelease(long seen, long timeout, TimeUnit unit) throws InterruptedException {
		long deadline = System.nanoTime() + unit.toNanos(timeout);
		waiting.incrementAndGet(); // before the count is read again: a release after that read notifies
		try {
			synchronized (releases) {
				long left;
				while (releases.get() == seen && (left = deadline - System.nanoTime()) > 0) {
					TimeUnit.NANOSECONDS.timedWait(releases, left);
				}
			}
		}
		finally {
			waiting.decrementAndGet();
		}
	}
}
