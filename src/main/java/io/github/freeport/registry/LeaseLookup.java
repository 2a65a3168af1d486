package io.github.freeport.registry;

import java.io.IOException;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.github.freeport.FreePortException;
import io.github.freeport.Protocol;

/**
 * Who holds what, for diagnostics: a port's holder, every live lease of the registry, this JVM's leases.
 *
 * <p>The metadata says who; only the lock says whether. So a slot that says "leased" counts only while its
 * lock is held, which is found out by taking the lock for a moment (microseconds) where it is free, under a
 * probe entry in this JVM's table so that no thread of this JVM takes the position meanwhile. Nothing here
 * keeps a lease or opens a lock file.
 */
final class LeaseLookup {

	/** The owner of a probe entry: never a lease, left out of what is reported. */
	private static final String LOOKUP_OWNER = "freeport holder lookup";

	private final LockFiles files;
	private final HeldPositions held;

	LeaseLookup(LockFiles files, HeldPositions held) {
		this.files = files;
		this.held = held;
	}

	/**
	 * Who holds a port's lease: this JVM's table, else the metadata of a live lock. Does not take the
	 * lease; a lock that turns out free is reported empty.
	 */
	Optional<Holder> holderOf(int port, Protocol protocol) {
		synchronized (files.inUse()) {
			HolderSlots slots = files.slots();
			for (long position : LockFileLayout.positions(port, protocol)) {
				HeldPositions.Entry mine = held.get(position);
				if (mine != null) {
					return Optional.of(mine.holder);
				}
				Optional<Holder> recorded = slots.read(position).filter(h -> !h.released());
				if (recorded.isPresent() && isLockedElsewhere(position)) {
					return recorded;
				}
			}
			return Optional.empty();
		}
	}

	/**
	 * Every live lease of the registry, found from the metadata slots and checked against the locks: a
	 * slot counts only while its lock is held (by this JVM or another process). A slot whose lock is free
	 * names the last holder of a lease that ended, released or not (a holder that died): the OS dropped the
	 * lock either way, and the slot is left as it is, for nothing trusts it without its lock.
	 *
	 * <p>Locks are probed only where a slot says "leased" (each probe holds the lock for microseconds, as
	 * {@link #holderOf} does); a lock whose slot is unreadable is not found.
	 */
	RegistryScan scan() {
		synchronized (files.inUse()) {
			HolderSlots slots = files.slots();
			List<RecordedLease> live = new ArrayList<>();
			for (Map.Entry<Long, Holder> slot : slots.readAll(LockFileLayout.POSITIONS).entrySet()) {
				long position = slot.getKey();
				HeldPositions.Entry mine = held.get(position);
				if (mine != null && !mine.holder.owner().equals(LOOKUP_OWNER)) {
					live.add(LockFileLayout.leaseAt(position, mine.holder));
					continue;
				}
				if (!slot.getValue().released() && isLockedElsewhere(position)) {
					// read again while locked elsewhere: the holder may have changed since the whole file was read
					slots.read(position).filter(h -> !h.released())
						.ifPresent(h -> live.add(LockFileLayout.leaseAt(position, h)));
				}
			}
			held.forEach((position, mine) -> {
				if (!mine.holder.owner().equals(LOOKUP_OWNER)
						&& live.stream().noneMatch(l -> LockFileLayout.positionOf(l) == position)) {
					live.add(LockFileLayout.leaseAt(position, mine.holder));
				}
			});
			live.sort(Comparator.comparingLong(LockFileLayout::positionOf));
			return new RegistryScan(live);
		}
	}

	/** The leases this JVM holds right now, one entry per protocol: a snapshot, for diagnostics. */
	List<RecordedLease> heldInThisJvm() {
		List<RecordedLease> leases = new ArrayList<>();
		held.forEach((position, entry) -> leases.add(LockFileLayout.leaseAt(position, entry.holder)));
		return leases;
	}

	private boolean isLockedElsewhere(long position) {
		HeldPositions.Entry probe = probe();
		if (held.putIfAbsent(position, probe) != null) {
			return false;
		}
		try {
			FileLock lock = files.tryLock(position);
			if (lock == null) {
				return true;
			}
			lock.release();
			return false;
		}
		catch (IOException | OverlappingFileLockException | FreePortException e) {
			return false;
		}
		finally {
			held.remove(position, probe);
		}
	}

	private static HeldPositions.Entry probe() {
		return new HeldPositions.Entry(Holder.inThisJvm(LOOKUP_OWNER));
	}
}
