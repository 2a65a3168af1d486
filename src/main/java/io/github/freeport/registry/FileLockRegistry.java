package io.github.freeport.registry;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.github.freeport.AllocationTrace.Refusal;
import io.github.freeport.FreePortException;
import io.github.freeport.Protocol;

/**
 * The host-wide lease registry: leasing TCP port {@code p} is an exclusive lock on byte {@code p} of one
 * lock file, UDP port {@code p} on byte {@code 65536 + p}. The operating system drops a process's locks
 * when it dies, however it dies: no stale leases, no daemon, no clean-up pass.
 *
 * <p>One instance per folder and JVM keeps the lock file's only {@link FileChannel} open for the JVM's
 * life. <strong>Nothing else in the JVM may open the lock file</strong>: on Linux, closing any other
 * channel on it silently drops every lock the JVM holds. Threads of the JVM are kept apart by an in-JVM
 * table, since one JVM cannot hold two overlapping locks.
 */
public final class FileLockRegistry {

	/** The lock file's name in the registry folder. Never open it: see the class comment. */
	public static final String LOCK_FILE = "leases.lock";

	/** The holder metadata file's name in the registry folder. */
	public static final String HOLDERS_FILE = "holders.bin";

	private static final long UDP_OFFSET = 65536;
	private static final long PROBE_POSITION = 2 * 65536;
	private static final Set<String> UNRELIABLE_LOCKING = Set.of("nfs", "cifs", "smbfs", "smb3", "fuse.sshfs", "9p",
		"vboxsf", "prl_fs", "vmhgfs", "fuse.vmhgfs-fuse");
	private static final ConcurrentMap<Path, FileLockRegistry> OPEN = new ConcurrentHashMap<>();
	private static final ConcurrentMap<Path, FileLockRegistry> BY_CONFIGURED_PATH = new ConcurrentHashMap<>();
	private static final long PID = ProcessHandle.current().pid();
	private static final String FORK = forkHint();
	private static final String LOOKUP_OWNER = "freeport holder lookup";

	private final RegistryFolder folder;
	private final FileChannel locks;
	private final HolderSlots slots;
	private final ConcurrentMap<Long, Holder> heldInThisJvm = new ConcurrentHashMap<>();
	private final AtomicLong releases = new AtomicLong();

	private final Optional<String> lockingWarning;

	private FileLockRegistry(RegistryFolder folder, FileChannel locks, HolderSlots slots, Optional<String> lockingWarning) {
		this.folder = folder;
		this.locks = locks;
		this.slots = slots;
		this.lockingWarning = lockingWarning;
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
				return OPEN.computeIfAbsent(key, real -> open(checked));
			});
		}
		return registry;
	}

	private static FileLockRegistry open(RegistryFolder folder) {
		Path lockFile = folder.path().resolve(LOCK_FILE);
		FileChannel channel;
		try {
			if (Files.isSymbolicLink(lockFile)) {
				throw new FreePortException("The freeport lock file " + lockFile + " is a symbolic link: refusing to use it;"
						+ " remove it (it holds no data) and run again");
			}
			channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
				StandardOpenOption.WRITE);
		}
		catch (IOException e) {
			throw new FreePortException("Cannot open the freeport lock file " + lockFile + ": " + e
					+ "; check the folder's permissions or set freeport.registry.dir to a folder you own", e);
		}
		Optional<String> warning = checkLocking(folder, lockFile, channel);
		warning.ifPresent(w -> System.err.println("[freeport] " + w));
		return new FileLockRegistry(folder, channel, HolderSlots.open(folder.path().resolve(HOLDERS_FILE)), warning);
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
		return lockingWarning;
	}

	public RegistryFolder folder() {
		return folder;
	}

	/**
	 * Tries to lease a port without waiting.
	 *
	 * @param owner who asks, recorded as the holder
	 * @param quarantine how long a port released by anyone rests before it is leased again; zero for none
	 */
	public LeaseOutcome tryLease(int port, Protocol protocol, String owner, Duration quarantine) {
		Holder holder = new Holder(PID, FORK, owner, Instant.now(), null);
		long[] positions = positions(port, protocol);
		FileLock[] taken = new FileLock[positions.length];
		for (int i = 0; i < positions.length; i++) {
			Object outcome = tryLock(positions[i], holder, quarantine);
			if (outcome instanceof LeaseOutcome refusal) {
				for (int j = i - 1; j >= 0; j--) {
					unlock(positions[j], taken[j], holder, null);
				}
				return refusal;
			}
			taken[i] = (FileLock) outcome;
		}
		return LeaseOutcome.leased(new Lease(this, port, protocol, positions, taken, holder));
	}

	private Object tryLock(long position, Holder holder, Duration quarantine) {
		Holder inThisJvm = heldInThisJvm.putIfAbsent(position, holder);
		if (inThisJvm != null) {
			return LeaseOutcome.refused(Refusal.LEASED_IN_THIS_JVM, inThisJvm.owner());
		}
		FileLock lock;
		try {
			lock = locks.tryLock(position, 1, false);
		}
		catch (IOException | OverlappingFileLockException e) {
			heldInThisJvm.remove(position, holder);
			throw new FreePortException("Cannot lock byte " + position + " of the freeport lock file in " + folder
					+ ": " + e + "; set freeport.registry.dir to a folder on a local disk", e);
		}
		if (lock == null) {
			heldInThisJvm.remove(position, holder);
			String detail = slots.read(position).filter(h -> !h.released()).map(Holder::toString).orElse("holder unknown");
			return LeaseOutcome.refused(Refusal.LEASED_BY_OTHER_PROCESS, detail);
		}
		if (!quarantine.isZero()) {
			Optional<Holder> last = slots.read(position);
			if (last.isPresent() && last.get().released()) {
				Duration rested = Duration.between(last.get().releasedAt(), holder.since());
				if (rested.compareTo(quarantine) < 0 && !rested.isNegative()) {
					unlock(position, lock, holder, null);
					return LeaseOutcome.refused(Refusal.QUARANTINED,
						"released by pid " + last.get().pid() + " " + rested.toMillis() + " ms ago");
				}
			}
		}
		slots.writeLeased(position, holder.pid(), holder.fork(), holder.owner(), holder.since());
		return lock;
	}

	void release(long[] positions, FileLock[] taken, Holder holder) {
		Instant now = Instant.now();
		for (int i = positions.length - 1; i >= 0; i--) {
			unlock(positions[i], taken[i], holder, now);
		}
	}

	private void unlock(long position, FileLock lock, Holder holder, Instant releasedAt) {
		if (releasedAt != null) {
			// written while the lock is still held, so no new holder's slot is overwritten
			slots.writeReleased(position, holder, releasedAt);
		}
		try {
			lock.release();
		}
		catch (IOException e) {
			// the channel is gone (JVM shutting down): the OS has dropped the lock already
		}
		heldInThisJvm.remove(position, holder);
		releases.incrementAndGet();
		synchronized (releases) {
			releases.notifyAll();
		}
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
		for (long position : positions(port, protocol)) {
			Holder mine = heldInThisJvm.get(position);
			if (mine != null) {
				return Optional.of(mine);
			}
			Optional<Holder> recorded = slots.read(position).filter(h -> !h.released());
			if (recorded.isPresent() && isLockedElsewhere(position)) {
				return recorded;
			}
		}
		return Optional.empty();
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
		List<RecordedLease> live = new ArrayList<>();
		List<RecordedLease> cleaned = new ArrayList<>();
		for (Map.Entry<Long, Holder> slot : slots.readAll(2 * UDP_OFFSET).entrySet()) {
			long position = slot.getKey();
			Holder mine = heldInThisJvm.get(position);
			if (mine != null && !mine.owner().equals(LOOKUP_OWNER)) {
				live.add(recorded(position, mine));
				continue;
			}
			if (slot.getValue().released()) {
				continue;
			}
			Optional<Holder> stale = cleanIfUnlocked(position);
			if (stale == null) {
				slots.read(position).filter(h -> !h.released()).ifPresent(h -> live.add(recorded(position, h)));
			}
			else {
				stale.ifPresent(h -> cleaned.add(recorded(position, h)));
			}
		}
		for (Map.Entry<Long, Holder> mine : heldInThisJvm.entrySet()) {
			if (!mine.getValue().owner().equals(LOOKUP_OWNER) && live.stream()
				.noneMatch(l -> position(l) == mine.getKey())) {
				live.add(recorded(mine.getKey(), mine.getValue()));
			}
		}
		live.sort(Comparator.comparingLong(FileLockRegistry::position));
		return new RegistryScan(live, cleaned);
	}

	/**
	 * Takes the position's lock if it is free and marks a "leased" slot released while holding it.
	 *
	 * @return {@code null} when the lock is held (by another process, or by this JVM), else the holder
	 *         whose slot was marked released, if the slot still said "leased"
	 */
	private Optional<Holder> cleanIfUnlocked(long position) {
		Holder probe = new Holder(PID, FORK, LOOKUP_OWNER, Instant.now(), null);
		if (heldInThisJvm.putIfAbsent(position, probe) != null) {
			return null;
		}
		try {
			FileLock lock = locks.tryLock(position, 1, false);
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
		catch (IOException | OverlappingFileLockException e) {
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

	private boolean isLockedElsewhere(long position) {
		Holder probe = new Holder(PID, FORK, LOOKUP_OWNER, Instant.now(), null);
		if (heldInThisJvm.putIfAbsent(position, probe) != null) {
			return false;
		}
		try {
			FileLock lock = locks.tryLock(position, 1, false);
			if (lock == null) {
				return true;
			}
			lock.release();
			return false;
		}
		catch (IOException | OverlappingFileLockException e) {
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
		return "";
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
