package io.github.freeport.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import io.github.freeport.ConfiguredRequests;
import io.github.freeport.FreePortException;
import io.github.freeport.PortReservation;
import io.github.freeport.crossprocess.IsolatedConfiguration;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The lock file as found in a folder no registry of this JVM has opened yet: its content does not
 * matter (only its byte-range locks do), but a lock file that is not a plain file is refused clearly.
 */
class LockFileShapeTests {

	private static final int FROM = 28190;
	private static final int TO = 28199;

	@TempDir
	Path temp;

	/** The folder's first lock file, and the lock file of the ports the tests lease. */
	static List<String> lockFiles() {
		return List.of(LockFileLayout.LOCK_FILE, LockFileLayout.lockFileName(FROM));
	}

	@ParameterizedTest
	@MethodSource("lockFiles")
	void contentOfTheLockFileDoesNotMatter(String name) throws IOException {
		Path folder = registryFolder();
		byte[] garbage = new byte[70_000];
		new Random(17).nextBytes(garbage);
		Files.write(folder.resolve(name), garbage);

		try (PortReservation reservation = reserveIn(folder)) {
			assertThat(reservation.port()).isBetween(FROM, TO);
		}
	}

	@ParameterizedTest
	@MethodSource("lockFiles")
	void lockFileThatIsAFolderIsRefused(String name) throws IOException {
		Path folder = registryFolder();
		Path lockFile = Files.createDirectory(folder.resolve(name));

		assertThatThrownBy(() -> reserveIn(folder)).isInstanceOf(FreePortException.class)
			.hasMessageContaining("The freeport lock file " + lockFile + " is a folder, not a file")
			.hasMessageContaining("remove it (a lock file holds no data) and run again");
	}

	@ParameterizedTest
	@MethodSource("lockFiles")
	void lockFileThatIsASymbolicLinkIsRefused(String name) throws IOException {
		Path folder = registryFolder();
		Path target = Files.createFile(temp.resolve("elsewhere.lock"));
		Path lockFile = Files.createSymbolicLink(folder.resolve(name), target);

		assertThatThrownBy(() -> reserveIn(folder)).isInstanceOf(FreePortException.class)
			.hasMessageContaining("The freeport lock file " + lockFile + " is a symbolic link")
			.hasMessageContaining("remove it (it holds no data) and run again");
	}

	private static PortReservation reserveIn(Path folder) {
		return ConfiguredRequests.request(IsolatedConfiguration.forRegistry(folder)).range(FROM, TO).exhaustionTimeout(Duration.ZERO)
			.owner("lock file test").reserve();
	}

	private Path registryFolder() throws IOException {
		return Files.createDirectory(temp.resolve("registry"),
			PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
	}
}
