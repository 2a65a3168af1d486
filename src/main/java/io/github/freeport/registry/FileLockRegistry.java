package io.github.freeport.registry;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import io.github.freeport.AllocationTrace.Refusal;
import io.github.freeport.FreePortException;
import io.github.freeport.Protocol;

/**
 * The host-wide lease registry: leasing TCP port {@code p} is an exclusive lock on one byte of a lock
 * file, UDP port {@code p} on another. The operating system drops a process's locks when it dies, however
 * it dies: no stale leases, no daemon, no clean-up pass.
 *
 * <h2>One lock file per block of 256 ports</h2>
 * The ports are spread over lock files of {@value #PORTS_PER_FILE} ports each ({@link #lockFileName(int)}):
 * TCP port {@code p} is byte {@code p % 256} of its block's file, UDP port {@code p} byte
 * {@code 256 + p % 256}. Linux keeps one list of the locks of a file and walks all of it on every lock and
 * unlock: with 5,000 leases held in one file, a lock and unlock took 140 µs instead of 2 µs here. A block's
 * file is opened when a port of it is first leased, and kept open. The folder's {@link #LOCK_FILE} holds
 * no leases: it is where locking is checked when the registry is opened, and the registry's identity.
 * The layout of the lock files is the protocol between JVMs: versions that lay them out differently must
 * not share a registry folder.
 *
 * <p>One instance per folder and JVM keeps each lock file's only {@link FileChannel} open for the JVM's
 * life. <strong>Nothing else in the JVM may open a lock file</strong>: on Linux, closing any other
 * channel on it silently drops every lock the JVM holds. Threads of the JVM are kept apart by an in-JVM
 * table, since one JVM cannot hold two overlapping locks.
 *
 * <h2>A lock file deleted or replaced while in use</h2>
 * If the folder or the lock file is deleted (say by a clean-up of {@code /tmp}) or replaced while this JVM
 * has it open, this JVM would go on locking an unlinked inode while other JVMs lock a fresh file: both
 * could then lease the same port. So each lock file's {@code fileKey()} (device and inode) is remembered
 * when it is opened, and before a lease the paths of the open lock files are checked again, at most every
 * {@linkplain #CHECK_INTERVAL_NANOS 100 ms} (a {@code stat} costs a few microseconds here, more than the
 * lock itself). While the old channel is open its inode cannot be freed, so its number cannot be reused
 * by a new file: a different key means a different file. When the key differs or the file is gone, the
 * folder is checked and the lock file opened again, this JVM's current leases in it are locked again in
 * the new file and the old channel is closed; all this is logged. A lease another process took in the new file in
 * the meantime cannot be moved: it is reported as lost (logged, {@link #lostLeases()}), kept in this
 * JVM's table until released so this JVM does not hand it out again, and its release touches neither the
 * other holder's lock nor its metadata. If the folder cannot be used any more (now a symbolic link, owned
 * by someone else, not writable), every lease attempt fails naming the folder and what happened.
 *
 * <p>This does not break the rule above. The new channel is the only one this JVM has on the new file
 * (a different inode than any other open registry's, checked), and the old channel is the only one on the
 * old inode: closing it drops only this JVM's locks there, which were just moved, on a file that no other
 * process can open any more by its name. A replacement cannot be seen before the next check, so within
 * those 100 ms two JVMs may lease the same port in the two files; the check then reports it.
 */
public final class FileLockRegistry {

	/** How often, at most, the lock file's identity is checked before a lease. */
	static final long CHECK_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

	/**
	 * The name of the registry folder's first lock file, where locking is checked and that tells one
	 * registry from another; leases are in the lock files of {@link #lockFileName(int)}. Never open any of
	 * them: see the class comment.
	 */
	public static final String LOCK_FILE = "leases.lock";

	/** Ports per lock file: see the class comment. */
	public static final int PORTS_PER_FILE = 256;

	private static final String LOCK_FILE_PREFIX = "leases-";

	/** The holder metadata file's name in the registry folder. */
	public static final String HOLDERS_FILE = "holders.bin";

	private static final long UDP_OFFSET = 65536;
	private static final long PROBE_POSITION = 2 * 65536;
	private static final Set<String> UNRELIABLE_LOCKING = Set.of("nfs", "cifs", "smbfs", "smb3", "fuse.sshfs", "9p",
		"vboxsf", "prl_fs", "vmhgfs", "fuse.vmhgfs-fuse");
	private static final ConcurrentMap<Path, FileLockRegistry> OPEN = new ConcurrentHashMap<>();
	private static final ConcurrentMap<Path, FileLockRegistry> BY_CONFIGURED_PATH = new ConcurrentHashMap<>();
	private static final ConcurrentMap<Object, FileLockRegistry> BY_FILE_KEY = new ConcurrentHashMap<>();
	private static final long PID = ProcessHandle.current().pid();
	private static final String FORK = forkHint();
	private static final String LOOKUP_OWNER = "freeport holder lookup";

	private final RegistryFolder folder;
	private final String source;
	private final Path lockFile;
	/** The open lock file of each block of ports, {@code null} until a port of the block is first leased. */
	private final AtomicReferenceArray<LockFile> blocks = new AtomicReferenceArray<>((int) (UDP_OFFSET / PORTS_PER_FILE));
	private final ConcurrentMap<Long, HeldPosition> heldInThisJvm = new ConcurrentHashMap<>();
	private final AtomicLong releases = new AtomicLong();
	/** Read-held while locking or unlocking, write-held while the lock file is swapped for a new one. */
	private final ReentrantReadWriteLock swap = new ReentrantReadWriteLock();
	private final List<String> lost = new java.util.concurrent.CopyOnWriteArrayList<>();

	private volatile OpenLockFile open;
	private volatile long nextCheck;

	private FileLockRegistry(RegistryFolder folder, String source, OpenLockFile open) {
		this.folder = folder;
		this.source = source;
		this.lockFile = folder.path().resolve(LOCK_FILE);
		this.open = open;
		this.nextCheck = System.nanoTime() + CHECK_INTERVAL_NANOS;
	}

	/** The folder's first lock file as opened, with the metadata beside it. */
	private record OpenLockFile(LockFile anchor, HolderSlots slots, Optional<String> lockingWarning) {

		Object fileKey() {
			return anchor.fileKey();
		}
	}

	/** A lock file as opened: its path, its only channel in this JVM, its identity when opened. */
	private record LockFile(Path path, FileChannel channel, Object fileKey) {
	}

	/**
	 * The name of the lock file that holds a port's leases (TCP and UDP), in the registry folder: one file
	 * per block of {@value #PORTS_PER_FILE} ports, named after the block's first port. Never open it: see
	 * the class comment.
	 */
	public static String lockFileName(int port) {
		if (port < 0 || port > 65535) {
			throw new IllegalArgumentException("port " + port + " is not in 0-65535");
		}
		return String.format(Locale.ROOT, "%s%05d.lock", LOCK_FILE_PREFIX, port / PORTS_PER_FILE * PORTS_PER_FILE);
	}

	/** One position of this JVM's table: who holds it and its lock, {@code null} while being taken or when lost. */
	private static final class HeldPosition {

		final Holder holder;
		volatile FileLock lock;

		HeldPosition(Holder holder) {
			this.holder = holder;
		}
	}

	/**
	 * The registry in a folder: checked, opened once per JVM and kept open.
	 *
	 * @param source where the folder was configured, named in error messages
	 */
	public static FileLockRegistry forFolder(Path folder, String source) {
		FileLockRegistry registry = BY_CONFIGURED_PATH.get(folder);
		if (registry == null) {
			registry = BY_CONFIGURED_PATH.computeIfAbsent(folder, path -> {
				RegistryFolder checked = RegistryFolder.prepare(path, source);
				Path key;
				try {
					key = checked.path().toRealPath();
				}
				catch (IOException e) {
					key = checked.path();
				}
				return OPEN.computeIfAbsent(key, real -> open(checked, source));
			});
		}
		return registry;
	}

	private static FileLockRegistry open(RegistryFolder folder, String source) {
		Path lockFile = folder.path().resolve(LOCK_FILE);
		// the same file reached by another path (a moved or linked folder) must not get a second channel
		Object existing = fileKeyOf(lockFile);
		if (existing != null && BY_FILE_KEY.containsKey(existing)) {
			return BY_FILE_KEY.get(existing);
		}
		OpenLockFile opened = openLockFile(folder, lockFile);
		opened.lockingWarning().ifPresent(w -> System.err.println("[freeport] " + w));
		FileLockRegistry registry = new FileLockRegistry(folder, source, opened);
		BY_FILE_KEY.put(opened.fileKey(), registry);
		return registry;
	}

	private static OpenLockFile openLockFile(RegistryFolder folder, Path lockFile) {
		LockFile anchor = openLockFile(lockFile, folder.toString());
		Optional<String> warning = checkLocking(folder, lockFile, anchor.channel());
		return new OpenLockFile(anchor, HolderSlots.open(folder.path().resolve(HOLDERS_FILE)), warning);
	}

	private static LockFile openLockFile(Path lockFile, String folder) {
		FileChannel channel;
		try {
			if (Files.isSymbolicLink(lockFile)) {
				throw new FreePortException("The freeport lock file " + lockFile + " is a symbolic link: refusing to use it;"
						+ " remove it (it holds no data) and run again");
			}
			if (Files.isDirectory(lockFile, LinkOption.NOFOLLOW_LINKS)) {
				throw new FreePortException("The freeport lock file " + lockFile + " is a folder, not a file: refusing to use it;"
						+ " remove it (a lock file holds no data) and run again");
			}
			// no symbolic link followed even if one is swapped in after the check above
			channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
				StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
		}
		catch (IOException e) {
			throw new FreePortException("Cannot open the freeport lock file " + lockFile + ": " + e
					+ "; check the folder's permissions or set freeport.registry.dir to a folder you own", e);
		}
		Object key = fileKeyOf(lockFile);
		if (key == null) {
			closeQuietly(channel);
			throw new FreePortException("The freeport lock file " + lockFile + " vanished right after it was opened:"
					+ " something is deleting files in " + folder + "; set freeport.registry.dir to a folder nothing cleans up");
		}
		return new LockFile(lockFile, channel, key);
	}

	/** The open lock file of a position's block of ports, opened now if it is not yet. */
	private LockFile lockFileOf(long position) {
		int block = blockOf(position);
		LockFile file = blocks.get(block);
		if (file == null) {
			// one opening at a time: a second channel on the file, once closed, would drop this JVM's locks
			synchronized (blocks) {
				file = blocks.get(block);
				if (file == null) {
					file = openLockFile(folder.path().resolve(lockFileName(portOf(position))), folder.toString());
					blocks.set(block, file);
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
	private void openLockFileOf(long position) {
		try {
			lockFileOf(position);
		}
		catch (FreePortException e) {
			checkLockFile();
			lockFileOf(position);
		}
	}

	private static int blockOf(long position) {
		return (int) (position % UDP_OFFSET / PORTS_PER_FILE);
	}

	/** The byte of a position in its block's lock file: TCP first, then UDP. */
	private static long offsetOf(long position) {
		return (position >= UDP_OFFSET ? PORTS_PER_FILE : 0) + position % UDP_OFFSET % PORTS_PER_FILE;
	}

	private static int portOf(long position) {
		return (int) (position % UDP_OFFSET);
	}

	/** Locks one position in its block's lock file without waiting; {@code null} when another process holds it. */
	private FileLock tryLockAt(long position) throws IOException {
		return lockFileOf(position).channel().tryLock(offsetOf(position), 1, false);
	}

	/** The file's identity (device and inode on Unix), or {@code null} when it does not exist. */
	private static Object fileKeyOf(Path file) {
		try {
			Object key = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
			// where a file system has no keys, the check cannot see a replacement: compare the path only
			return key != null ? key : file;
		}
		catch (NoSuchFileException e) {
			return null;
		}
		catch (IOException e) {
			return null;
		}
	}

	private static Optional<String> checkLocking(RegistryFolder folder, Path lockFile, FileChannel channel) {
		String type = "unknown";
		try {
			type = Files.getFileStore(lockFile).type().toLowerCase(Locale.ROOT);
			FileLock probe = channel.tryLock(PROBE_POSITION, 1, false);
			if (probe != null) {
				probe.release();
			}
		}
		catch (IOException | OverlappingFileLockException e) {
			closeQuietly(channel);
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

	/** Why this folder's locks may not be trusted (a network file system), if they may not. */
	public Optional<String> lockingWarning() {
		return open.lockingWarning();
	}

	public RegistryFolder folder() {
		return folder;
	}

	/**
	 * Tries to lease a port without waiting.
	 *
	 * @param owner who asks, recorded as the holder
	 * @param quarantine how long a port released by anyone rests before it is leased again; zero for none
	 * @throws FreePortException when locks fail, or the lock file was deleted or replaced and cannot be opened again
	 */
	public LeaseOutcome tryLease(int port, Protocol protocol, String owner, Duration quarantine) {
		checkLockFileIfDue();
		Holder holder = new Holder(PID, FORK, owner, Instant.now(), null);
		long[] positions = positions(port, protocol);
		for (long position : positions) {
			openLockFileOf(position);
		}
		swap.readLock().lock();
		try {
			OpenLockFile current = open;
			for (int i = 0; i < positions.length; i++) {
				LeaseOutcome refusal = tryLock(current, positions[i], holder, quarantine);
				if (refusal != null) {
					for (int j = i - 1; j >= 0; j--) {
						unlock(current, positions[j], holder, null);
					}
					return refusal;
				}
			}
		}
		finally {
			swap.readLock().unlock();
		}
		return LeaseOutcome.leased(new Lease(this, port, protocol, positions, holder));
	}

	/** Locks one position; {@code null} when taken, else the refusal. */
	private LeaseOutcome tryLock(OpenLockFile current, long position, Holder holder, Duration quarantine) {
		HeldPosition entry = new HeldPosition(holder);
		HeldPosition inThisJvm = heldInThisJvm.putIfAbsent(position, entry);
		if (inThisJvm != null) {
			return LeaseOutcome.refused(Refusal.LEASED_IN_THIS_JVM, inThisJvm.holder.owner());
		}
		FileLock lock;
		try {
			lock = tryLockAt(position);
		}
		catch (IOException | OverlappingFileLockException e) {
			heldInThisJvm.remove(position, entry);
			throw new FreePortException("Cannot lock byte " + offsetOf(position) + " of the freeport lock file "
					+ folder.path().resolve(lockFileName(portOf(position))) + " (" + describe(position) + "): " + e
					+ "; set freeport.registry.dir to a folder on a local disk", e);
		}
		catch (RuntimeException e) { // the block's lock file cannot be opened
			heldInThisJvm.remove(position, entry);
			throw e;
		}
		if (lock == null) {
			heldInThisJvm.remove(position, entry);
			String detail = current.slots().read(position).filter(h -> !h.released()).map(Holder::toString)
				.orElse("holder unknown");
			return LeaseOutcome.refused(Refusal.LEASED_BY_OTHER_PROCESS, detail);
		}
		entry.lock = lock;
		if (!quarantine.isZero()) {
			Optional<Holder> last = current.slots().read(position);
			if (last.isPresent() && last.get().released()) {
				Duration rested = Duration.between(last.get().releasedAt(), holder.since());
				if (rested.compareTo(quarantine) < 0 && !rested.isNegative()) {
					unlock(current, position, holder, null);
					return LeaseOutcome.refused(Refusal.QUARANTINED,
						"released by pid " + last.get().pid() + " " + rested.toMillis() + " ms ago");
				}
			}
		}
		current.slots().writeLeased(position, holder.pid(), holder.fork(), holder.owner(), holder.since());
		return null;
	}

	void release(long[] positions, Holder holder) {
		Instant now = Instant.now();
		swap.readLock().lock();
		try {
			OpenLockFile current = open;
			for (int i = positions.length - 1; i >= 0; i--) {
				unlock(current, positions[i], holder, now);
			}
		}
		finally {
			swap.readLock().unlock();
		}
	}

	private void unlock(OpenLockFile current, long position, Holder holder, Instant releasedAt) {
		HeldPosition entry = heldInThisJvm.get(position);
		if (entry == null || entry.holder != holder) {
			return;
		}
		FileLock lock = entry.lock;
		if (lock != null) { // null when lost to another process in a replaced lock file: its slot is not ours
			if (releasedAt != null) {
				// written while the lock is still held, so no new holder's slot is overwritten
				current.slots().writeReleased(position, holder, releasedAt);
			}
			try {
				lock.release();
			}
			catch (IOException e) {
				// the channel is gone (JVM shutting down): the OS has dropped the lock already
			}
		}
		heldInThisJvm.remove(position, entry);
		releases.incrementAndGet();
		synchronized (releases) {
			releases.notifyAll();
		}
	}

	private void checkLockFileIfDue() {
		if (System.nanoTime() - nextCheck >= 0) {
			checkLockFile();
		}
	}

	/**
	 * Checks now that the lock files at the folder's paths are still the ones this JVM locks in; if one
	 * was deleted or replaced, opens it again and moves this JVM's leases there (see the class comment).
	 *
	 * @throws FreePortException when the folder or a lock file cannot be used any more
	 */
	void checkLockFile() {
		if (unchanged()) {
			nextCheck = System.nanoTime() + CHECK_INTERVAL_NANOS;
			return;
		}
		swap.writeLock().lock();
		try {
			if (!unchanged()) {
				reopenAnchor();
				reopenBlocks();
			}
			nextCheck = System.nanoTime() + CHECK_INTERVAL_NANOS;
		}
		finally {
			swap.writeLock().unlock();
		}
	}

	/** Whether every lock file this JVM has open is still the file at its path. */
	private boolean unchanged() {
		if (!Objects.equals(fileKeyOf(lockFile), open.fileKey())) {
			return false;
		}
		for (int block = 0; block < blocks.length(); block++) {
			LockFile file = blocks.get(block);
			if (file != null && !Objects.equals(fileKeyOf(file.path()), file.fileKey())) {
				return false;
			}
		}
		return true;
	}

	private void reopenAnchor() {
		OpenLockFile old = open;
		Object found = fileKeyOf(lockFile);
		if (Objects.equals(found, old.fileKey())) {
			return;
		}
		String what = "The freeport lock file " + lockFile + (found == null ? " was deleted" : " was replaced by another file")
				+ " while this JVM (pid " + PID + ") held " + heldInThisJvm.size() + " lease(s) in the registry";
		OpenLockFile fresh;
		try {
			RegistryFolder checked = RegistryFolder.prepare(folder.path(), source);
			fresh = openLockFile(checked, lockFile);
		}
		catch (FreePortException e) {
			nextCheck = System.nanoTime(); // every lease attempt checks again, and fails until the folder is fixed
			throw new FreePortException(what + ", and it cannot be opened again: " + e.getMessage(), e);
		}
		FileLockRegistry other = BY_FILE_KEY.putIfAbsent(fresh.fileKey(), this);
		if (other != null && other != this) {
			closeQuietly(fresh.anchor().channel());
			fresh.slots().close();
			throw new FreePortException(what + ", and the file now there is the lock file of another registry folder of"
					+ " this JVM, " + other.folder + ": refusing to open it twice; give each build its own registry folder");
		}
		open = fresh;
		BY_FILE_KEY.remove(old.fileKey(), this);
		// the only channel of this JVM on the old inode, which nobody can open by name any more
		closeQuietly(old.anchor().channel());
		old.slots().close();
		System.err.println("[freeport] " + what + "; opened it again");
	}

	/** Opens again each block's lock file that was deleted or replaced, and moves this JVM's leases there. */
	private void reopenBlocks() {
		for (int block = 0; block < blocks.length(); block++) {
			LockFile old = blocks.get(block);
			if (old == null) {
				continue;
			}
			Object found = fileKeyOf(old.path());
			if (!Objects.equals(found, old.fileKey())) {
				reopen(block, old, found);
			}
		}
	}

	private void reopen(int block, LockFile old, Object found) {
		List<Map.Entry<Long, HeldPosition>> inBlock = heldInThisJvm.entrySet().stream()
			.filter(held -> blockOf(held.getKey()) == block).toList();
		String what = "The freeport lock file " + old.path() + (found == null ? " was deleted" : " was replaced by another file")
				+ " while this JVM (pid " + PID + ") held " + inBlock.size() + " lease(s) in it";
		LockFile fresh;
		try {
			fresh = openLockFile(old.path(), folder.toString());
		}
		catch (FreePortException e) {
			nextCheck = System.nanoTime(); // every lease attempt checks again, and fails until the folder is fixed
			throw new FreePortException(what + ", and it cannot be opened again: " + e.getMessage(), e);
		}
		HolderSlots slots = open.slots();
		List<String> lostNow = new ArrayList<>();
		int moved = 0;
		for (Map.Entry<Long, HeldPosition> held : inBlock) {
			long position = held.getKey();
			HeldPosition entry = held.getValue();
			if (entry.lock == null) {
				continue; // lost before
			}
			FileLock lock = null;
			try {
				lock = fresh.channel().tryLock(offsetOf(position), 1, false);
			}
			catch (IOException | OverlappingFileLockException e) {
				// reported as lost below
			}
			if (lock == null) {
				entry.lock = null;
				String holder = slots.read(position).filter(h -> !h.released()).map(Holder::toString)
					.orElse("holder unknown");
				lostNow.add(describe(position) + " of " + entry.holder.owner() + " (now leased by " + holder + ")");
			}
			else {
				entry.lock = lock;
				slots.writeLeased(position, entry.holder.pid(), entry.holder.fork(), entry.holder.owner(),
					entry.holder.since());
				moved++;
			}
		}
		blocks.set(block, fresh);
		// the only channel of this JVM on the old inode, which nobody can open by name any more
		closeQuietly(old.channel());
		System.err.println("[freeport] " + what + "; opened it again and moved " + moved + " lease(s) there");
		if (!lostNow.isEmpty()) {
			lost.addAll(lostNow);
			System.err.println("[freeport] " + lostNow.size() + " lease(s) of this JVM could not be moved to the new lock file "
					+ old.path() + ", since another process leased them there meanwhile: " + String.join("; ", lostNow)
					+ ". Both may use these ports until one releases them; keep " + folder
					+ " from being cleaned up (for instance exclude it from tmp clean-up) or set freeport.registry.dir");
		}
	}

	private static String describe(long position) {
		return position >= UDP_OFFSET ? "UDP port " + (position - UDP_OFFSET) : "TCP port " + position;
	}

	/**
	 * Leases of this JVM that could not be moved when the lock file was replaced, because another process
	 * leased them in the new file meanwhile: one line each, empty when none. Such a lease stays usable
	 * until released, but is no longer exclusive.
	 */
	public List<String> lostLeases() {
		return List.copyOf(lost);
	}

	/** A counter that moves on every release in this JVM; pass it to {@link #awaitRelease}. */
	public long releaseCount() {
		return releases.get();
	}

	/**
	 * Waits until a lease of this JVM is released after {@code seen} was read, or the time is up. Releases
	 * by other processes are not signalled: callers poll with a bounded wait.
	 */
	public void awaitRelease(long seen, long timeout, TimeUnit unit) throws InterruptedException {
		long deadline = System.nanoTime() + unit.toNanos(timeout);
		synchronized (releases) {
			long left;
			while (releases.get() == seen && (left = deadline - System.nanoTime()) > 0) {
				TimeUnit.NANOSECONDS.timedWait(releases, left);
			}
		}
	}

	/**
	 * Who holds a port's lease: this JVM's table, else the metadata of a live lock. Does not take the
	 * lease; a lock that turns out free is reported empty.
	 */
	public Optional<Holder> holderOf(int port, Protocol protocol) {
		swap.readLock().lock();
		try {
			OpenLockFile current = open;
			for (long position : positions(port, protocol)) {
				HeldPosition mine = heldInThisJvm.get(position);
				if (mine != null) {
					return Optional.of(mine.holder);
				}
				Optional<Holder> recorded = current.slots().read(position).filter(h -> !h.released());
				if (recorded.isPresent() && isLockedElsewhere(current, position)) {
					return recorded;
				}
			}
			return Optional.empty();
		}
		finally {
			swap.readLock().unlock();
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
	public RegistryScan scan() {
		swap.readLock().lock();
		try {
			OpenLockFile current = open;
			List<RecordedLease> live = new ArrayList<>();
			List<RecordedLease> cleaned = new ArrayList<>();
			for (Map.Entry<Long, Holder> slot : current.slots().readAll(2 * UDP_OFFSET).entrySet()) {
				long position = slot.getKey();
				HeldPosition mine = heldInThisJvm.get(position);
				if (mine != null && !mine.holder.owner().equals(LOOKUP_OWNER)) {
					live.add(recorded(position, mine.holder));
					continue;
				}
				if (slot.getValue().released()) {
					continue;
				}
				Optional<Holder> stale = cleanIfUnlocked(current, position);
				if (stale == null) {
					current.slots().read(position).filter(h -> !h.released()).ifPresent(h -> live.add(recorded(position, h)));
				}
				else {
					stale.ifPresent(h -> cleaned.add(recorded(position, h)));
				}
			}
			for (Map.Entry<Long, HeldPosition> mine : heldInThisJvm.entrySet()) {
				if (!mine.getValue().holder.owner().equals(LOOKUP_OWNER)
						&& live.stream().noneMatch(l -> position(l) == mine.getKey())) {
					live.add(recorded(mine.getKey(), mine.getValue().holder));
				}
			}
			live.sort(Comparator.comparingLong(FileLockRegistry::position));
			return new RegistryScan(live, cleaned);
		}
		finally {
			swap.readLock().unlock();
		}
	}

	/**
	 * Takes the position's lock if it is free and marks a "leased" slot released while holding it.
	 *
	 * @return {@code null} when the lock is held (by another process, or by this JVM), else the holder
	 *         whose slot was marked released, if the slot still said "leased"
	 */
	private Optional<Holder> cleanIfUnlocked(OpenLockFile current, long position) {
		HeldPosition probe = new HeldPosition(new Holder(PID, FORK, LOOKUP_OWNER, Instant.now(), null));
		if (heldInThisJvm.putIfAbsent(position, probe) != null) {
			return null;
		}
		try {
			FileLock lock = tryLockAt(position);
			if (lock == null) {
				return null;
			}
			try {
				Optional<Holder> stale = current.slots().read(position).filter(h -> !h.released());
				stale.ifPresent(h -> current.slots().writeReleased(position, h, h.since()));
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
			heldInThisJvm.remove(position, probe);
		}
	}

	private static RecordedLease recorded(long position, Holder holder) {
		return position >= UDP_OFFSET ? new RecordedLease((int) (position - UDP_OFFSET), Protocol.UDP, holder)
				: new RecordedLease((int) position, Protocol.TCP, holder);
	}

	private static long position(RecordedLease lease) {
		return lease.protocol() == Protocol.UDP ? UDP_OFFSET + lease.port() : lease.port();
	}

	/** A lease this JVM holds: one protocol of one port, with its holder. */
	public record HeldPort(int port, Protocol protocol, Holder holder) {
	}

	/** The leases this JVM holds right now, one entry per protocol: a snapshot, for diagnostics. */
	public List<HeldPort> heldInThisJvm() {
		List<HeldPort> held = new ArrayList<>();
		heldInThisJvm.forEach((position, entry) -> held.add(position >= UDP_OFFSET
				? new HeldPort((int) (position - UDP_OFFSET), Protocol.UDP, entry.holder)
				: new HeldPort(position.intValue(), Protocol.TCP, entry.holder)));
		return held;
	}

	private boolean isLockedElsewhere(OpenLockFile current, long position) {
		HeldPosition probe = new HeldPosition(new Holder(PID, FORK, LOOKUP_OWNER, Instant.now(), null));
		if (heldInThisJvm.putIfAbsent(position, probe) != null) {
			return false;
		}
		try {
			FileLock lock = tryLockAt(position);
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
			heldInThisJvm.remove(position, probe);
		}
	}

	private static long[] positions(int port, Protocol protocol) {
		switch (protocol) {
			case TCP:
				return new long[] { port };
			case UDP:
				return new long[] { UDP_OFFSET + port };
			default:
				return new long[] { port, UDP_OFFSET + port };
		}
	}

	/** The process id recorded for this JVM's leases. */
	public static long pid() {
		return PID;
	}

	/** The build tool's fork or worker id, where one is known: a hint for humans, never relied on. */
	public static String fork() {
		return FORK;
	}

	private static String forkHint() {
		for (String key : new String[] { "surefire.forkNumber", "org.gradle.test.worker", "freeport.fork" }) {
			String value = System.getProperty(key);
			if (value != null && !value.isBlank()) {
				return value;
			}
		}
		return SurefireFork.number(System.getProperty("sun.java.command")).orElse("");
	}

	private static void closeQuietly(FileChannel channel) {
		try {
			channel.close();
		}
		catch (IOException ignored) {
			// already failing with a clearer message
		}
	}
}
