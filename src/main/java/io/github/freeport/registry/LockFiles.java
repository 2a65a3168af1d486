package io.github.freeport.registry;

import java.io.IOException;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Supplier;

import io.github.freeport.FreePortException;

/**
 * The lock files of one registry folder as this JVM has them open: the {@linkplain LockFileLayout#LOCK_FILE
 * anchor} with the holder metadata beside it, and the file of each block of ports, opened when a port of
 * the block is first leased and kept open for the JVM's life (see {@link LockFile} for why).
 *
 * <h2>A lock file deleted or replaced while in use</h2>
 * If the folder or a lock file is deleted (say by a clean-up of {@code /tmp}) or replaced while this JVM
 * has it open, this JVM would go on locking an unlinked inode while other JVMs lock a fresh file: both
 * could then lease the same port. So each lock file's {@code fileKey()} (device and inode) is remembered
 * when it is opened, and the paths of the open lock files are checked again every
 * {@linkplain #CHECK_INTERVAL_NANOS 100 ms} while this JVM takes leases (a {@code stat} costs a few
 * microseconds here, more than the lock itself): by the {@link LockFileWatch} thread, and by a lease attempt
 * that finds the last check older than that. When a key differs or the file is gone, the folder is checked and
 * the lock file opened again, this JVM's current leases in it are locked again in the new file and the old
 * channel is closed;
 * all this is logged. A lease another process took in the new file in the meantime cannot be moved: it is
 * reported as lost (logged, {@link #lostLeases()}), kept in this JVM's table until released so this JVM
 * does not hand it out again, and its release touches neither the other holder's lock nor its metadata. If
 * the folder cannot be used any more (now a symbolic link, owned by someone else, not writable), every lease
 * attempt fails naming the folder and what happened.
 *
 * <p>This does not break the rule of {@link LockFile}. The new channel is the only one this JVM has on the
 * new file (a different inode than any other open registry's, checked), and the old channel is the only one
 * on the old inode: closing it drops only this JVM's locks there, which were just moved, on a file that no
 * other process can open any more by its name. A replacement cannot be seen before the next check, so
 * within those 100 ms two JVMs may lease the same port in the two files; the check then reports it.
 */
final class LockFiles {

	/** How often, at most, the lock files' identity is checked before a lease. */
	static final long CHECK_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

	private static final Set<String> UNRELIABLE_LOCKING = Set.of("nfs", "cifs", "smbfs", "smb3", "fuse.sshfs", "9p",
		"vboxsf", "prl_fs", "vmhgfs", "fuse.vmhgfs-fuse");

	/** The registries of this JVM, as far as their lock files go: never two channels of this JVM on one file. */
	interface Anchors {

		/** Records the anchor as this registry's; the folder of another registry of this JVM that has it, else {@code null}. */
		RegistryFolder claim(Object anchorKey);

		/** Forgets an anchor this registry no longer has open. */
		void forget(Object anchorKey);
	}

	/** The anchor as opened, with the metadata beside it and why its locks may not be trusted, if they may not. */
	private record Anchor(LockFile file, HolderSlots slots, Optional<String> lockingWarning) {

		static Anchor open(RegistryFolder folder) {
			LockFile file = LockFile.open(folder.path().resolve(LockFileLayout.LOCK_FILE), folder);
			Optional<String> warning = checkLocking(folder, file);
			return new Anchor(file, HolderSlots.open(folder.path().resolve(LockFileLayout.HOLDERS_FILE)), warning);
		}
	}

	private final RegistryFolder folder;
	private final String source;
	private final HeldPositions held;
	private final Anchors anchors;
	/**
	 * The open lock file of each block of ports, {@code null} until a port of the block is first leased. Set
	 * under its own monitor, or under {@link #inUse()}; read without either (a {@link LockFile}'s fields are
	 * final, so a file read is whole), which at worst finds {@code null} and looks again under the monitor.
	 */
	private final LockFile[] blocks = new LockFile[LockFileLayout.BLOCKS];
	/**
	 * Held while locking or unlocking, and while a lock file is swapped for a new one. A monitor, not a
	 * read-write lock: lease attempts of one JVM are few and short, and in a young JVM each call into a
	 * read-write lock runs a dozen interpreted calls where an uncontended monitor runs none.
	 */
	private final Object inUse = new Object();
	private final List<String> lost = new CopyOnWriteArrayList<>();

	private volatile Anchor anchor;
	private volatile long nextCheck;
	private volatile long lastLeaseAttempt;
	private final LockFileWatch watch = new LockFileWatch(this);

	private LockFiles(RegistryFolder folder, String source, HeldPositions held, Anchors anchors, Anchor anchor) {
		this.folder = folder;
		this.source = source;
		this.held = held;
		this.anchors = anchors;
		this.anchor = anchor;
		this.nextCheck = System.nanoTime() + CHECK_INTERVAL_NANOS;
	}

	/**
	 * Opens a checked folder's anchor and metadata, and checks that locks work there.
	 *
	 * @param source where the folder was configured, named in error messages
	 * @param held this JVM's table for the folder, whose leases move when a lock file is replaced
	 * @throws FreePortException when the anchor cannot be opened or locks do not work
	 */
	static LockFiles open(RegistryFolder folder, String source, HeldPositions held, Anchors anchors) {
		return new LockFiles(folder, source, held, anchors, Anchor.open(folder));
	}

	/** The identity of the anchor now in a folder, {@code null} when there is none: see {@link #anchorKey()}. */
	static Object anchorKeyOf(RegistryFolder folder) {
		return LockFile.fileKeyOf(folder.path().resolve(LockFileLayout.LOCK_FILE));
	}

	/** The anchor's identity: what tells this registry from another. */
	Object anchorKey() {
		return anchor.file().fileKey();
	}

	/** The holder metadata. Read it while {@link #inUse()} is held, for it is replaced with the anchor. */
	HolderSlots slots() {
		return anchor.slots();
	}

	/** Why this folder's locks may not be trusted (a network file system), if they may not. */
	Optional<String> lockingWarning() {
		return anchor.lockingWarning();
	}

	/** The monitor to hold while locking or unlocking, so that no lock file is swapped for a new one meanwhile. */
	Object inUse() {
		return inUse;
	}

	/** The path of a position's lock file, for messages. */
	Path pathOf(long position) {
		return folder.path().resolve(LockFileLayout.lockFileName(LockFileLayout.portOf(position)));
	}

	/** Locks one position in its block's lock file without waiting; {@code null} when another process holds it. */
	FileLock tryLock(long position) throws IOException {
		return lockFileOf(position).tryLock(LockFileLayout.offsetOf(position));
	}

	/** The open lock file of a position's block of ports, opened now if it is not yet. */
	private LockFile lockFileOf(long position) {
		int block = LockFileLayout.blockOf(position);
		LockFile file = blocks[block];
		if (file == null) {
			// one opening at a time: a second channel on the file, once closed, would drop this JVM's locks
			synchronized (blocks) {
				file = blocks[block];
				if (file == null) {
					file = LockFile.open(pathOf(position), folder);
					blocks[block] = file;
				}
			}
		}
		return file;
	}

	/**
	 * Opens the lock file of a position's block if it is not open yet. A folder deleted or replaced since
	 * the last check makes that fail: then the check is made at once, which opens the folder again and
	 * moves this JVM's leases, and the file is opened once more.
	 */
	void openBlockOf(long position) {
		try {
			lockFileOf(position);
		}
		catch (FreePortException e) {
			check();
			lockFileOf(position);
		}
	}

	/**
	 * Before a lease attempt: {@link #check()} when the last check is {@linkplain #CHECK_INTERVAL_NANOS long
	 * enough} ago, and then the {@link LockFileWatch} started, which makes the next checks ahead of the attempts.
	 */
	void checkIfDue() {
		long now = System.nanoTime();
		lastLeaseAttempt = now;
		if (now - nextCheck >= 0) {
			check();
			watch.ensureRunning();
		}
	}

	/** When, by {@link System#nanoTime()}, the next check is due. */
	long nextCheck() {
		return nextCheck;
	}

	/** When, by {@link System#nanoTime()}, a lease attempt last asked for a check. */
	long lastLeaseAttempt() {
		return lastLeaseAttempt;
	}

	/**
	 * Checks now that the lock files at the folder's paths are still the ones this JVM locks in; if one
	 * was deleted or replaced, opens it again and moves this JVM's leases there (see the class comment).
	 *
	 * @throws FreePortException when the folder or a lock file cannot be used any more
	 */
	void check() {
		if (unchanged()) {
			nextCheck = System.nanoTime() + CHECK_INTERVAL_NANOS;
			return;
		}
		synchronized (inUse) {
			if (!unchanged()) {
				reopenChanged();
			}
			nextCheck = System.nanoTime() + CHECK_INTERVAL_NANOS;
		}
	}

	/** Whether every lock file this JVM has open is still the file at its path. */
	private boolean unchanged() {
		if (!anchor.file().isStillAtItsPath()) {
			return false;
		}
		for (int block = 0; block < blocks.length; block++) {
			LockFile file = blocks[block];
			if (file != null && !file.isStillAtItsPath()) {
				return false;
			}
		}
		return true;
	}

	/** Opens again each lock file that was deleted or replaced: first the anchor, then the blocks' files. */
	private void reopenChanged() {
		Anchor old = anchor;
		Object found = LockFile.fileKeyOf(old.file().path());
		if (!Objects.equals(found, old.file().fileKey())) {
			// the folder may be a new one now: checked again, its locking too, and its metadata opened anew
			anchor = reopen(old.file(), found, held.size() + " lease(s) in the registry",
				() -> Anchor.open(RegistryFolder.prepare(folder.path(), source)), (fresh, what) -> adopt(fresh, old, what));
		}
		for (int block = 0; block < blocks.length; block++) {
			LockFile file = blocks[block];
			if (file == null) {
				continue;
			}
			found = LockFile.fileKeyOf(file.path());
			if (Objects.equals(found, file.fileKey())) {
				continue;
			}
			List<Map.Entry<Long, HeldPositions.Entry>> leases = held.inBlock(block);
			List<String> lostNow = new ArrayList<>();
			LockFile reopened = reopen(file, found, leases.size() + " lease(s) in it", () -> LockFile.open(file.path(), folder),
				(fresh, what) -> " and moved " + move(leases, fresh, lostNow) + " lease(s) there");
			synchronized (blocks) {
				blocks[block] = reopened;
			}
			reportLost(file.path(), lostNow);
		}
	}

	/**
	 * Opens a deleted or replaced lock file again: the one way for the anchor and for a block's file.
	 * {@code opening} opens the new file; {@code moving} takes into it what this JVM had in the old one, or
	 * refuses it, and says what it moved, for the log. Only then is the old channel closed.
	 *
	 * @param found the identity of the file now at its path, {@code null} when there is none
	 * @param leasesHeld how many leases this JVM held there, for messages
	 * @throws FreePortException saying what happened to the file, when the new one cannot be used
	 */
	private <T> T reopen(LockFile old, Object found, String leasesHeld, Supplier<T> opening,
			BiFunction<T, String, String> moving) {
		String what = "The freeport lock file " + old.path() + (found == null ? " was deleted" : " was replaced by another file")
				+ " while this JVM (pid " + Holder.PID + ") held " + leasesHeld;
		T fresh;
		try {
			fresh = opening.get();
		}
		catch (FreePortException e) {
			nextCheck = System.nanoTime(); // every lease attempt checks again, and fails until the folder is fixed
			throw new FreePortException(what + ", and it cannot be opened again: " + e.getMessage(), e);
		}
		String moved = moving.apply(fresh, what);
		// the only channel of this JVM on the old inode, which nobody can open by name any more
		old.close();
		RegistryLog.warning(what + "; opened it again" + moved);
		return fresh;
	}

	/** Takes a new anchor for this registry, unless another registry of this JVM has that file open. */
	private String adopt(Anchor fresh, Anchor old, String what) {
		RegistryFolder other = anchors.claim(fresh.file().fileKey());
		if (other != null) {
			fresh.file().close();
			fresh.slots().close();
			throw new FreePortException(what + ", and the file now there is the lock file of another registry folder of"
					+ " this JVM, " + other + ": refusing to open it twice; give each build its own registry folder");
		}
		anchors.forget(old.file().fileKey());
		old.slots().close();
		return "";
	}

	/**
	 * Locks this JVM's leases of a block again in the block's new lock file, and writes their metadata
	 * there. A lease another process took in the new file meanwhile is lost: added to {@code lostNow}, and
	 * its entry keeps no lock, so that its release touches neither the other holder's lock nor its slot.
	 *
	 * @return how many leases moved
	 */
	private int move(List<Map.Entry<Long, HeldPositions.Entry>> leases, LockFile fresh, List<String> lostNow) {
		HolderSlots slots = anchor.slots();
		int moved = 0;
		for (Map.Entry<Long, HeldPositions.Entry> lease : leases) {
			long position = lease.getKey();
			HeldPositions.Entry entry = lease.getValue();
			if (entry.lock == null) {
				continue; // lost before
			}
			FileLock lock = null;
			try {
				lock = fresh.tryLock(LockFileLayout.offsetOf(position));
			}
			catch (IOException | OverlappingFileLockException e) {
				// reported as lost below
			}
			if (lock == null) {
				entry.lock = null;
				String holder = slots.read(position).filter(h -> !h.released()).map(Holder::toString)
					.orElse("holder unknown");
				lostNow.add(LockFileLayout.describe(position) + " of " + entry.holder.owner() + " (now leased by " + holder + ")");
			}
			else {
				entry.lock = lock;
				slots.writeLeased(position, entry.holder.pid(), entry.holder.fork(), entry.holder.owner(),
					entry.holder.sinceMillis());
				moved++;
			}
		}
		return moved;
	}

	private void reportLost(Path lockFile, List<String> lostNow) {
		if (!lostNow.isEmpty()) {
			lost.addAll(lostNow);
			RegistryLog.error(lostNow.size() + " lease(s) of this JVM could not be moved to the new lock file " + lockFile
					+ ", since another process leased them there meanwhile: " + String.join("; ", lostNow)
					+ ". Both may use these ports until one releases them; keep " + folder
					+ " from being cleaned up (for instance exclude it from tmp clean-up) or set freeport.registry.dir");
		}
	}

	/**
	 * Leases of this JVM that could not be moved when a lock file was replaced, because another process
	 * leased them in the new file meanwhile: one line each, empty when none.
	 */
	List<String> lostLeases() {
		return List.copyOf(lost);
	}

	/** Fails when locks do not work in the folder; a warning when they may not be trusted (a network file system). */
	private static Optional<String> checkLocking(RegistryFolder folder, LockFile anchor) {
		String type = "unknown";
		try {
			type = Files.getFileStore(anchor.path()).type().toLowerCase(Locale.ROOT);
			FileLock probe = anchor.tryLock(LockFileLayout.PROBE_OFFSET);
			if (probe != null) {
				probe.release();
			}
		}
		catch (IOException | OverlappingFileLockException e) {
			anchor.close();
			throw new FreePortException("File locks do not work in the freeport registry folder " + folder
					+ " (file system " + type + "): " + e + "; set freeport.registry.dir to a folder on a local disk", e);
		}
		if (UNRELIABLE_LOCKING.contains(type) || type.startsWith("nfs")) {
			return Optional.of("the registry folder " + folder + " is on a " + type
					+ " file system, where locks may not be seen by other hosts or may not work at all;"
					+ " set freeport.registry.dir to a folder on a local disk");
		}
		return Optional.empty();
	}
}
