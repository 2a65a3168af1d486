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
		files.inUse().lock();
		try {
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
		finally {
			files.inUse().unlock();
		}
	}

	/**
	 * Every live lease of the registry, found from the metadata slots and checked against the locks: a
	 * slot that says "leased" counts only while its lock is held (by this JVM or another process).
	 *
	 * <p>A slot that says "leased" whose lock is free belongs to a holder that died without releasing;
	 * it is marked released, while this JVM holds its lock (as releases are written), so no new holder's
	 * slot is overwritten. It is marked released at its lease time, since the time of death is unknown:
	 * cleaning never puts a port into quarantine.
	 *
	 * <p>Locks are probed only where a slot says "leased" (each probe holds the lock for microseconds, as
	 * {@link #holderOf} does); a lock whose slot is unreadable is not found.
	 */
	RegistryScan scan() {
		files.inUse().lock();
		try {
			HolderSlots slots = files.slots();
			List<RecordedLease> live = new ArrayList<>();
			List<RecordedLease> cleaned = new ArrayList<>();
			for (Map.Entry<Long, Holder> slot : slots.readAll(LockFileLayout.POSITIONS).entrySet()) {
				long position = slot.getKey();
				HeldPositions.Entry mine = held.get(position);
				if (mine != null && !mine.holder.owner().equals(LOOKUP_OWNER)) {
					live.add(LockFileLayout.leaseAt(position, mine.holder));
					continue;
				}
				if (slot.getValue().released()) {
					continue;
				}
				Optional<Holder> stale = cleanIfUnlocked(slots, position);
				if (stale == null) {
					slots.read(position).filter(h -> !h.released())
						.ifPresent(h -> live.add(LockFileLayout.leaseAt(position, h)));
				}
				else {
					stale.ifPresent(h -> cleaned.add(LockFileLayout.leaseAt(position, h)));
				}
			}
			held.forEach((position, mine) -> {
				if (!mine.holder.owner().equals(LOOKUP_OWNER)
						&& live.stream().noneMatch(l -> LockFileLayout.positionOf(l) == position)) {
					live.add(LockFileLayout.leaseAt(position, mine.holder));
				}
			});
			live.sort(Comparator.comparingLong(LockFileLayout::positionOf));
			return new RegistryScan(live, cleaned);
		}
		finally {
			files.inUse().unlock();
		}
	}

	/** The leases this JVM holds right now, one entry per protocol: a snapshot, for diagnostics. */
	List<RecordedLease> heldInThisJvm() {
		List<RecordedLease> leases = new ArrayList<>();
		held.forEach((position, entry) -> leases.add(LockFileLayout.leaseAt(position, entry.holder)));
		return leases;
	}

	/**
	 * Takes the position's lock if it is free and marks a "leased" slot released while holding it.
	 *
	 * @return {@code null} when the lock is held (by another process, or by this JVM), else the holder
	 *         whose slot was marked released, if the slot still said "leased"
	 */
	private Optional<Holder> cleanIfUnlocked(HolderSlots slots, long position) {
		HeldPositions.Entry probe = probe();
		if (held.putIfAbsent(position, probe) != null) {
			return null;
		}
		try {
			FileLock lock = files.tryLock(position);
			if (lock == null) {
				return null;
			}
			try {
				Optional<Holder> stale = slots.read(position).filter(h -> !h.released());
				stale.ifPresent(h -> slots.writeReleased(position, h, h.since()));
				return stale;
			}
			finally {
				lock.release();
			}
		}
		catch (IOException | OverlappingFileLockException | FreePortException e) {
			return null;
		}
		finally {
			held.remove(position, probe);
		}
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
