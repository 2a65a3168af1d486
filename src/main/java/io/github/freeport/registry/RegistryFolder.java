package io.github.freeport.registry;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

import io.github.freeport.FreePortException;
import org.apiguardian.api.API;

/**
 * The per-user folder that holds the registry's files, checked before anything is written to it.
 *
 * <p>A folder that is a symbolic link, owned by another user or writable by others is refused: whoever
 * could write there could swap the lock file and hand the same port to two builds.
 */
@API(status = INTERNAL, since = "0.1")
public final class RegistryFolder {

	private final Path path;

	private RegistryFolder(Path path) {
		this.path = path;
	}

	/**
	 * The default folder: {@code freeport-<user>} under {@code java.io.tmpdir}, every character of the user name
	 * other than {@code A-Z a-z 0-9 . _ -} replaced by {@code _} (by hand: no regular expression on the way to
	 * a first port).
	 */
	public static Path defaultPath() {
		String name = System.getProperty("user.name", "unknown");
		StringBuilder user = new StringBuilder(name.length());
		for (int i = 0; i < name.length(); i += Character.charCount(name.codePointAt(i))) {
			int c = name.codePointAt(i); // one '_' for a character outside the BMP too, as the pattern replaced it
			boolean kept = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '_'
					|| c == '-';
			user.append(kept ? (char) c : '_');
		}
		return Paths.get(System.getProperty("java.io.tmpdir"), "freeport-" + user);
	}

	/**
	 * Creates the folder owner-only if it is missing, then checks it.
	 *
	 * @param path the folder; {@code source} says where it was configured, for messages
	 * @throws FreePortException naming the folder, what is wrong and how to fix it
	 */
	public static RegistryFolder prepare(Path path, String source) {
		Path folder = path.toAbsolutePath().normalize();
		boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
		if (Files.isSymbolicLink(folder)) {
			throw unsafe(folder, source, "is a symbolic link",
				"remove the link or point " + source + " at a real folder");
		}
		if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
			create(folder, source, posix);
		}
		if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
			throw unusable(folder, source, "is not a folder", "remove it or point " + source + " at a folder");
		}
		try {
			String owner = Files.getOwner(folder, LinkOption.NOFOLLOW_LINKS).getName();
			String user = System.getProperty("user.name", "");
			if (!sameUser(owner, user)) {
				throw unsafe(folder, source, "is owned by " + owner + ", not by " + user,
					"point " + source + " at a folder of your own");
			}
			if (posix) {
				Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(folder, LinkOption.NOFOLLOW_LINKS);
				if (permissions.contains(PosixFilePermission.GROUP_WRITE)
						|| permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
					throw unsafe(folder, source,
						"is writable by others (" + PosixFilePermissions.toString(permissions) + ")",
						"run 'chmod 700 " + folder + "' or point " + source + " at an owner-only folder");
				}
			}
			if (!Files.isWritable(folder)) {
				throw unusable(folder, source, "is not writable", "make it writable or point " + source + " elsewhere");
			}
		}
		catch (IOException e) {
			throw new FreePortException("Cannot check the freeport registry folder " + folder + " (" + source + "): "
					+ e + "; point " + source + " at a local folder you own", e);
		}
		return new RegistryFolder(folder);
	}

	private static void create(Path folder, String source, boolean posix) {
		try {
			Files.createDirectories(folder.getParent());
			if (posix) {
				Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
			}
			else {
				Files.createDirectory(folder);
			}
		}
		catch (java.nio.file.FileAlreadyExistsException raced) {
			// another JVM created it first: the checks that follow still apply
		}
		catch (IOException e) {
			throw new FreePortException("Cannot create the freeport registry folder " + folder + " (" + source + "): "
					+ e + "; point " + source + " at a folder you can write", e);
		}
	}

	private static boolean sameUser(String owner, String user) {
		// Windows reports DOMAIN\\user; a container without a passwd entry may report a number on both sides
		String bare = owner.contains("\\") ? owner.substring(owner.lastIndexOf('\\') + 1) : owner;
		return bare.equalsIgnoreCase(user) || owner.equalsIgnoreCase(user);
	}

	/** A folder others could tamper with. */
	private static FreePortException unsafe(Path folder, String source, String problem, String fix) {
		return unusable(folder, source, problem + ": refusing to use it, since another user could then hand the same port"
				+ " to two builds", fix);
	}

	private static FreePortException unusable(Path folder, String source, String problem, String fix) {
		return new FreePortException("The freeport registry folder " + folder + " (" + source + ") " + problem + "; " + fix);
	}

	public Path path() {
		return path;
	}

	@Override
	public String toString() {
		return path.toString();
	}
}
