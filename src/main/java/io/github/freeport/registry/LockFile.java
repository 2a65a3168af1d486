package io.github.freeport.registry;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

import io.github.freeport.FreePortException;

/**
 * One lock file as this JVM opened it: its path, its only channel in this JVM, and its identity when opened.
 *
 * <p><strong>Never open a lock file any other way inside the JVM</strong>, nor read it: seen on Java 17 /
 * Linux, while a JVM held a lock on port 40000, opening and closing a second {@link FileChannel} on the same
 * file (or just {@code Files.readAllBytes} of it) silently dropped every lock that JVM held, and another
 * process then leased port 40000. So this is the only place that opens one, {@link LockFiles} keeps each
 * channel open for the JVM's life (one opening at a time), and a source-level guard
 * ({@code LockFileReferenceTests}) keeps the lock files' names out of every other file.
 *
 * @param fileKey the file's identity when opened (device and inode on Unix): see {@link #isStillAtItsPath()}
 */
record LockFile(Path path, FileChannel channel, Object fileKey) {

	/**
	 * Opens a lock file, creating it if it is missing.
	 *
	 * @param folder the registry folder, for messages
	 * @throws FreePortException naming the file, what is wrong and how to fix it
	 */
	static LockFile open(Path path, RegistryFolder folder) {
		FileChannel channel;
		try {
			if (Files.isSymbolicLink(path)) {
				throw new FreePortException("The freeport lock file " + path + " is a symbolic link: refusing to use it;"
						+ " remove it (it holds no data) and run again");
			}
			if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
				throw new FreePortException("The freeport lock file " + path + " is a folder, not a file: refusing to use it;"
						+ " remove it (a lock file holds no data) and run again");
			}
			// no symbolic link followed even if one is swapped in after the check above
			channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
				StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
		}
		catch (IOException e) {
			throw new FreePortException("Cannot open the freeport lock file " + path + ": " + e
					+ "; check the folder's permissions or set freeport.registry.dir to a folder you own", e);
		}
		Object key = fileKeyOf(path);
		if (key == null) {
			closeQuietly(channel);
			throw new FreePortException("The freeport lock file " + path + " vanished right after it was opened:"
					+ " something is deleting files in " + folder + "; set freeport.registry.dir to a folder nothing cleans up");
		}
		return new LockFile(path, channel, key);
	}

	/**
	 * The identity of the file now at a path (device and inode on Unix), or {@code null} when there is none.
	 * While a channel on a file is open its inode cannot be freed, so its number cannot be reused by a new
	 * file: a different key means a different file.
	 */
	static Object fileKeyOf(Path file) {
		try {
			Object key = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
			// where a file system has no keys, the check cannot see a replacement: compare the path only
			return key != null ? key : file;
		}
		catch (IOException e) { // NoSuchFileException among them
			return null;
		}
	}

	/** Whether the file at this lock file's path is still the one this JVM opened. */
	boolean isStillAtItsPath() {
		return Objects.equals(fileKeyOf(path), fileKey);
	}

	/** Locks one byte without waiting; {@code null} when another process holds it. */
	FileLock tryLock(long offset) throws IOException {
		return channel.tryLock(offset, 1, false);
	}

	/**
	 * Closes the channel, which drops every lock this JVM holds in the file: only for a file that failed its
	 * checks, or one whose leases were moved to the file that replaced it.
	 */
	void close() {
		closeQuietly(channel);
	}

	private static void closeQuietly(FileChannel channel) {
		try {
			channel.close();
		}
		catch (IOException ignored) {
			// already failing with a clearer message, or the file is gone
		}
	}
}
