package io.github.freeport.registry;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

import io.github.freeport.FreePortException;
import io.github.freeport.Protocol;
import org.apiguardian.api.API;

/**
 * The host-wide lease registry of one folder: leasing TCP port {@code p} is an exclusive lock on one byte
 * of a lock file, UDP port {@code p} on another ({@link LockFileLayout}). The operating system drops a
 * process's locks when it dies, however it dies: no stale leases, no daemon, no clean-up pass.
 *
 * <p>One instance per folder and JVM, which keeps each lock file's only channel open for the JVM's life
 * ({@link LockFiles}). <strong>Nothing else in the JVM may open a lock file</strong>: on Linux, closing any
 * other channel on it silently drops every lock the JVM holds ({@link LockFile}). So a folder reached by
 * another path (a moved or linked folder) gets the instance that already has its lock file open. Threads
 * of the JVM are kept apart by an in-JVM table ({@link HeldPositions}), since one JVM cannot hold two
 * overlapping locks.
 *
 * <p>This is the registry's door: leasing and the quarantine are in {@link Leasing}, the lock files and
 * what happens when one is deleted or replaced in {@link LockFiles}, the diagnostic look-ups in
 * {@link LeaseLookup}.
 */
@API(status = INTERNAL, since = "0.1")
public final class FileLockRegistry {

	private static final ConcurrentMap<Path, FileLockRegistry> OPEN = new ConcurrentHashMap<>();
	private static final ConcurrentMap<Path, FileLockRegistry> BY_CONFIGURED_PATH = new ConcurrentHashMap<>();
	private static final ConcurrentMap<Object, FileLockRegistry> BY_FILE_KEY = new ConcurrentHashMap<>();

	private final RegistryFolder folder;
	private final LockFiles files;
	private final Leasing leasing;
	private final HeldPositions held;
	/** Made when first asked who holds what (an allocation that succeeds never asks); two made at once are alike. */
	private volatile LeaseLookup lookup;

	private FileLockRegistry(RegistryFolder folder, String source) {
		this.folder = folder;
		HeldPositions held = new HeldPositions();
		this.files = LockFiles.open(folder, source, held, new LockFiles.Anchors() {

			@Override
			public RegistryFolder claim(Object anchorKey) {
				FileLockRegistry other = BY_FILE_KEY.putIfAbsent(anchorKey, FileLockRegistry.this);
				return other == null || other == FileLockRegistry.this ? null : other.folder;
			}

			@Override
			public void forget(Object anchorKey) {
				BY_FILE_KEY.remove(anchorKey, FileLockRegistry.this);
			}
		});
		this.leasing = new Leasing(files, held);
		this.held = held;
	}

	private LeaseLookup lookup() {
		LeaseLookup made = lookup;
		if (made == null) {
			made = new LeaseLookup(files, held);
			lookup = made;
		}
		return made;
	}

	/**
	 * The registry in a folder: checked, opened once per JVM and kept open.
	 *
	 * @param source where the folder was configured, named in error messages
	 */
	public static FileLockRegistry forFolder(Path folder, String source) {
		FileLockRegistry registry = BY_CONFIGURED_PATH.get(folder);
		if (registry != null) {
			return registry;
		}
		synchronized (OPEN) {
			registry = BY_CONFIGURED_PATH.get(folder);
			if (registry == null) {
				RegistryFolder checked = RegistryFolder.prepare(folder, source);
				Path key;
				try {
					key = checked.path().toRealPath();
				}
				catch (IOException e) {
					key = checked.path();
				}
				registry = OPEN.get(key);
				if (registry == null) {
					registry = open(checked, source);
					OPEN.put(key, registry);
				}
				BY_CONFIGURED_PATH.put(folder, registry);
			}
			return registry;
		}
	}

	private static FileLockRegistry open(RegistryFolder folder, String source) {
		// the same file reached by another path (a moved or linked folder) must not get a second channel
		Object existing = LockFiles.anchorKeyOf(folder);
		if (existing != null && BY_FILE_KEY.containsKey(existing)) {
			return BY_FILE_KEY.get(existing);
		}
		FileLockRegistry registry = new FileLockRegistry(folder, source);
		Optional<String> warning = registry.lockingWarning();
		if (warning.isPresent()) {
			RegistryLog.warning(warning.get());
		}
		BY_FILE_KEY.put(registry.files.anchorKey(), registry);
		return registry;
	}

	/**
	 * Tries to lease a port without waiting.
	 *
	 * @param owner who asks, recorded as the holder
	 * @throws FreePortException when locks fail, or a lock file was deleted or replaced and cannot be opened again
	 */
	public LeaseOutcome tryLease(int port, Protocol protocol, String owner) {
		return leasing.tryLease(port, protocol, owner);
	}

	/** The ports this JVM released lately, for the quarantine: the allocator tries them last. */
	public RecentReleases recentReleases() {
		return leasing.recent();
	}

	/** A counter that moves on every release in this JVM; pass it to {@link #awaitRelease}. */
	public long releaseCount() {
		return leasing.releaseCount();
	}

	/**
	 * Waits until a lease of this JVM is released after {@code seen} was read, or the time is up. Releases
	 * by other processes are not signalled: callers poll with a bounded wait.
	 */
	public void awaitRelease(long seen, long timeout, TimeUnit unit) throws InterruptedException {
		leasing.awaitRelease(seen, timeout, unit);
	}

	/**
	 * Who holds a port's lease: this JVM's table, else the metadata of a live lock. Does not take the
	 * lease; a lock that turns out free is reported empty.
	 */
	public Optional<Holder> holderOf(int port, Protocol protocol) {
		return lookup().holderOf(port, protocol);
	}

	/**
	 * Every live lease of the registry, from the metadata checked against the locks; slots of holders that
	 * died without releasing are marked released on the way (see {@link LeaseLookup#scan()}).
	 */
	public RegistryScan scan() {
		return lookup().scan();
	}

	/** The leases this JVM holds right now, one entry per protocol: a snapshot, for diagnostics. */
	public List<RecordedLease> heldInThisJvm() {
		return lookup().heldInThisJvm();
	}

	/**
	 * Leases of this JVM that could not be moved when a lock file was replaced, because another process
	 * leased them in the new file meanwhile: one line each, empty when none. Such a lease stays usable
	 * until released, but is no longer exclusive.
	 */
	public List<String> lostLeases() {
		return files.lostLeases();
	}

	/**
	 * Checks now that the lock files are still the ones this JVM locks in, and opens again one that was
	 * deleted or replaced; lease attempts do this at most every 100 ms by themselves.
	 *
	 * @throws FreePortException when the folder or a lock file cannot be used any more
	 */
	void checkLockFile() {
		files.check();
	}

	/** Why this folder's locks may not be trusted (a network file system), if they may not. */
	public Optional<String> lockingWarning() {
		return files.lockingWarning();
	}

	public RegistryFolder folder() {
		return folder;
	}

	/** The process id recorded for this JVM's leases. */
	public static long pid() {
		return Holder.PID;
	}

	/** The build tool's fork or worker id, where one is known: a hint for humans, never relied on. */
	public static String fork() {
		return Holder.FORK;
	}
}
