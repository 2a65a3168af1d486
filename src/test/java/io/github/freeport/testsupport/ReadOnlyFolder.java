package io.github.freeport.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

/**
 * A folder made to refuse writes for the length of a test, by the first way that works here: {@code chmod a-w}
 * for a normal user; as root, which ignores permissions, an immutable folder ({@code chattr +i}, where the
 * file system has the flag) or else a read-only bind mount of the folder over itself. Closing undoes it.
 * Where none works the test is skipped, or fails under CI ({@link HostRequirements}).
 */
public final class ReadOnlyFolder implements AutoCloseable {

	/** The ways to make a folder refuse writes, in the order they are tried. */
	public enum Way {

		/** {@code chmod u-w}: enough for any user but root. */
		PERMISSIONS,
		/** {@code chattr +i}: refuses writes to root too (ext4, xfs, btrfs; not tmpfs or overlayfs). */
		IMMUTABLE,
		/** {@code mount --bind} the folder over itself, then {@code mount -o remount,bind,ro}: needs CAP_SYS_ADMIN. */
		READ_ONLY_MOUNT;

		/** The ways this JVM may try: root ignores permissions. */
		public static List<Way> forThisUser() {
			return Commands.ROOT ? List.of(IMMUTABLE, READ_ONLY_MOUNT) : List.of(PERMISSIONS);
		}
	}

	private final Path folder;
	private final Way way;

	private ReadOnlyFolder(Path folder, Way way) {
		this.folder = folder;
		this.way = way;
	}

	/** The folder made read-only by the first way that works for this user; skips (fails under CI) if none. */
	public static ReadOnlyFolder of(Path folder) {
		for (Way way : Way.forThisUser()) {
			Optional<ReadOnlyFolder> made = by(folder, way);
			if (made.isPresent()) {
				return made.get();
			}
		}
		HostRequirements.require(false, "as root, a folder refuses writes only when immutable (chattr +i) or mounted"
			+ " read-only (mount -o remount,bind,ro), and neither worked for " + folder
			+ " (a file system without the immutable flag, and no CAP_SYS_ADMIN?)");
		throw new AssertionError("unreachable");
	}

	/** The folder made read-only this way, if it worked here. */
	public static Optional<ReadOnlyFolder> by(Path folder, Way way) {
		boolean done = switch (way) {
			case PERMISSIONS -> permissions(folder, "r-x------");
			case IMMUTABLE -> Commands.run("chattr", "+i", folder.toString());
			case READ_ONLY_MOUNT -> Commands.run("mount", "--bind", folder.toString(), folder.toString())
				&& (Commands.run("mount", "-o", "remount,bind,ro", folder.toString()) || !unmount(folder));
		};
		return done ? Optional.of(new ReadOnlyFolder(folder, way)) : Optional.empty();
	}

	public Way way() {
		return way;
	}

	@Override
	public void close() {
		boolean undone = switch (way) {
			case PERMISSIONS -> permissions(folder, "rwx------");
			case IMMUTABLE -> Commands.run("chattr", "-i", folder.toString());
			case READ_ONLY_MOUNT -> unmount(folder);
		};
		if (!undone) {
			throw new IllegalStateException("could not make " + folder + " writable again (" + way + ")");
		}
	}

	private static boolean unmount(Path folder) {
		return Commands.run("umount", folder.toString());
	}

	private static boolean permissions(Path folder, String permissions) {
		try {
			Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString(permissions));
			return true;
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
