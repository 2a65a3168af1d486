package io.github.freeport.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

import io.github.freeport.ConfiguredRequests;
import io.github.freeport.FreePortException;
import io.github.freeport.PortReservation;
import io.github.freeport.PortsExhaustedException;
import io.github.freeport.Protocol;
import io.github.freeport.config.Configuration;
import io.github.freeport.crossprocess.IsolatedConfiguration;
import io.github.freeport.crossprocess.WorkerJvm;
import io.github.freeport.testsupport.Commands;
import io.github.freeport.testsupport.HostRequirements;
import io.github.freeport.testsupport.ReadOnlyFolder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry folder or its lock file deleted or replaced while a JVM holds leases in it: the JVM must
 * notice, move its leases to the new lock file, report a lease it cannot move, or fail naming the folder
 * when the new folder is unusable. Never may two JVMs silently hold the same port.
 */
class LockFileReplacementTests {

	private static final int FROM = 28290;
	private static final int TO = 28299;
	private static final long PID = ProcessHandle.current().pid();

	@TempDir
	Path temp;

	private Path folder;
	private Configuration configuration;
	private FileLockRegistry registry;

	@BeforeEach
	void openRegistry() throws IOException {
		folder = Files.createDirectory(temp.resolve("registry"),
			PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
		configuration = IsolatedConfiguration.forRegistry(folder);
		registry = FileLockRegistry.forFolder(folder, "test");
	}

	@Test
	void deletedFolderIsRecreatedAndLeasesMoveThere() throws IOException {
		try (PortReservation held = exactly(FROM)) {
			deleteRecursively(folder);

			// no explicit check: lease attempts notice within the check interval
			await("the folder re-created by this JVM's next lease attempts").atMost(Duration.ofSeconds(10))
				.pollInterval(Duration.ofMillis(20)).until(() -> {
					try (PortReservation other = exactly(TO)) {
						return Files.exists(folder.resolve(LockFileLayout.LOCK_FILE));
					}
				});
			assertThat(Files.getPosixFilePermissions(folder)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
			assertThat(registry.lostLeases()).isEmpty();

			try (WorkerJvm other = WorkerJvm.start(folder, temp)) {
				assertThat(other.ask("TRY " + FROM, "REFUSED")).as("the moved lease").contains("pid " + PID);
				held.close();
				assertThat(other.ask("TRY " + FROM, "LEASED")).isEqualTo("LEASED " + FROM);
			}
		}
	}

	@Test
	void aNewBlockLeasedRightAfterTheFolderWasDeletedRecreatesTheFolder() throws IOException {
		int elsewhere = FROM + 2 * LockFileLayout.PORTS_PER_FILE; // a block this JVM has no lock file of yet
		try (PortReservation held = exactly(FROM)) {
			deleteRecursively(folder);

			// at once, within the check interval or not: the lock file of the new block cannot be created in
			// the missing folder, which makes the registry check the folder now
			try (PortReservation other = exactly(elsewhere)) {
				assertThat(other.port()).isEqualTo(elsewhere);
				assertThat(folder.resolve(LockFileLayout.lockFileName(FROM))).as("the held lease's file, moved")
					.exists();
				assertThat(folder.resolve(LockFileLayout.lockFileName(elsewhere))).exists();
			}
			try (WorkerJvm worker = WorkerJvm.start(folder, temp)) {
				assertThat(worker.ask("TRY " + FROM, "REFUSED")).contains("pid " + PID);
			}
		}
	}

	@Test
	void replacedLockFileGetsTheLeasesOfThisJvm() throws IOException {
		try (PortReservation held = exactly(FROM); WorkerJvm other = WorkerJvm.start(folder, temp)) {
			replace(folder.resolve(LockFileLayout.lockFileName(FROM)));

			registry.checkLockFile();

			assertThat(registry.lostLeases()).isEmpty();
			// the worker opened the old file and has not leased since: its first TRY moves it to the new file too
			assertThat(other.ask("TRY " + FROM, "REFUSED")).contains("pid " + PID);
		}
	}

	@Test
	void replacedFirstLockFileKeepsTheLeasesInTheirBlocksFiles() throws IOException {
		try (PortReservation held = exactly(FROM); WorkerJvm other = WorkerJvm.start(folder, temp)) {
			replace(folder.resolve(LockFileLayout.LOCK_FILE));

			registry.checkLockFile();

			assertThat(registry.lostLeases()).isEmpty();
			assertThat(other.ask("TRY " + FROM, "REFUSED")).contains("pid " + PID);
			try (PortReservation more = exactly(TO)) {
				assertThat(other.ask("TRY " + TO, "REFUSED")).as("a lease taken after the check").contains("pid " + PID);
			}
		}
	}

	@Test
	void leasesOfOtherBlocksStayPutWhenOneBlocksFileIsReplaced() throws IOException {
		int elsewhere = FROM + LockFileLayout.PORTS_PER_FILE;
		assertThat(LockFileLayout.lockFileName(elsewhere)).isNotEqualTo(LockFileLayout.lockFileName(FROM));
		try (PortReservation held = exactly(FROM); PortReservation other = exactly(elsewhere);
				WorkerJvm worker = WorkerJvm.start(folder, temp)) {
			Path blockFile = folder.resolve(LockFileLayout.lockFileName(elsewhere));
			Files.delete(blockFile);

			registry.checkLockFile();

			assertThat(blockFile).as("opened again by this JVM").exists();
			assertThat(registry.lostLeases()).isEmpty();
			assertThat(worker.ask("TRY " + FROM, "REFUSED")).contains("pid " + PID);
			assertThat(worker.ask("TRY " + elsewhere, "REFUSED")).as("the lease moved to the new file").contains("pid " + PID);
		}
	}

	private void replace(Path lockFile) throws IOException {
		Path replacement = Files.createFile(folder.resolve("new.lock"));
		Files.move(replacement, lockFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}

	@Test
	void leaseTakenByAnotherJvmMeanwhileIsReportedNotShared() throws IOException {
		PortReservation held = exactly(FROM);
		try (WorkerJvm other = startedAfterDeletingTheFolder()) {
			// the worst case: the other JVM leases the port before this one notices the new file
			assertThat(other.ask("TRY " + FROM, "LEASED")).isEqualTo("LEASED " + FROM);

			registry.checkLockFile();

			assertThat(registry.lostLeases()).singleElement().asString()
				.contains("TCP port " + FROM)
				.contains("now leased by pid " + other.pid());
			assertThat(registry.holderOf(FROM, Protocol.TCP)).as("this JVM's table keeps it until released").get()
				.extracting(Holder::pid).isEqualTo(PID);

			held.close();
			assertThat(registry.holderOf(FROM, Protocol.TCP)).as("releasing the lost lease leaves the other's lock")
				.get().extracting(Holder::pid).isEqualTo(other.pid());
			assertThatThrownBy(() -> exactly(FROM)).isInstanceOf(PortsExhaustedException.class)
				.hasMessageContaining("pid " + other.pid());
		}
		finally {
			held.close();
		}
	}

	@Test
	void symbolicLinkSwappedInForTheFolderFailsEveryLeaseUntilFixed() throws IOException {
		try (PortReservation held = exactly(FROM)) {
			Path moved = Files.move(folder, temp.resolve("moved-away"));
			Path elsewhere = Files.createDirectory(temp.resolve("elsewhere"),
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
			Files.createSymbolicLink(folder, elsewhere);

			assertThatThrownBy(registry::checkLockFile).isInstanceOf(FreePortException.class)
				.hasMessageContaining("The freeport lock file " + folder.resolve(LockFileLayout.LOCK_FILE) + " was deleted"
						+ " while this JVM (pid " + PID + ") held 1 lease(s) in the registry, and it cannot be opened again:")
				.hasMessageContaining("The freeport registry folder " + folder + " (test) is a symbolic link");
			assertThatThrownBy(() -> exactly(TO)).as("every lease attempt, not only the first")
				.isInstanceOf(FreePortException.class).hasMessageContaining("is a symbolic link");
			assertThat(elsewhere).isEmptyDirectory();

			Files.delete(folder);
			Files.move(moved, folder);
			try (PortReservation again = exactly(TO); WorkerJvm other = WorkerJvm.start(folder, temp)) {
				assertThat(again.port()).isEqualTo(TO);
				assertThat(other.ask("TRY " + FROM, "REFUSED")).as("the lease held throughout").contains("pid " + PID);
			}
		}
	}

	@Test
	void folderOfAnotherUserSwappedInFailsClearly() throws IOException {
		HostRequirements.require(Commands.ROOT, "handing a folder to another user (chown) needs root; this JVM runs as "
				+ System.getProperty("user.name"));
		UserPrincipal nobody = nobody();
		try (PortReservation held = exactly(FROM)) {
			Files.move(folder, temp.resolve("moved-away"));
			Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
			Files.setOwner(folder, nobody);

			assertThatThrownBy(registry::checkLockFile).isInstanceOf(FreePortException.class)
				.hasMessageContaining("was deleted while this JVM (pid " + PID + ")")
				.hasMessageContaining("The freeport registry folder " + folder + " (test) is owned by nobody, not by root");
			assertThatThrownBy(() -> exactly(TO)).as("every lease attempt, not only the first")
				.isInstanceOf(FreePortException.class).hasMessageContaining("is owned by nobody");
			assertThat(folder).isEmptyDirectory();
		}
	}

	@Test
	void folderMadeReadOnlyWhileInUseKeepsWorkingForJvmsThatHaveItOpen() throws IOException {
		try (PortReservation held = exactly(FROM); WorkerJvm other = WorkerJvm.start(folder, temp)) {
			assertThat(other.ask("TRY " + (FROM + 1), "LEASED")).isEqualTo("LEASED " + (FROM + 1));
			try (ReadOnlyFolder readOnly = ReadOnlyFolder.of(folder); PortReservation more = exactly(TO);
				WorkerJvm late = WorkerJvm.start(folder, temp)) {
				registry.checkLockFile();
				assertThat(registry.lostLeases()).isEmpty();
				assertThat(other.ask("TRY " + FROM, "REFUSED")).contains("pid " + PID);
				assertThat(other.ask("TRY " + TO, "REFUSED")).contains("pid " + PID);
				assertThatThrownBy(() -> exactly(FROM + 1)).isInstanceOf(PortsExhaustedException.class)
					.hasMessageContaining("pid " + other.pid());
				assertThat(late.ask("TRY " + (FROM + 2), "REFUSED")).as("a JVM that opens the registry only now")
					.contains("The freeport registry folder " + folder + " (configuration parameter freeport.registry.dir)"
							+ " is not writable; make it writable");
			}
		}
	}

	private WorkerJvm startedAfterDeletingTheFolder() throws IOException {
		deleteRecursively(folder);
		WorkerJvm other = WorkerJvm.start(folder, temp);
		assertThat(folder.resolve(LockFileLayout.LOCK_FILE)).as("the worker's new lock file").doesNotExist();
		return other;
	}

	private PortReservation exactly(int port) {
		return ConfiguredRequests.request(configuration).preferred(port).range(port, port).quarantine(Duration.ZERO)
			.exhaustionTimeout(Duration.ZERO).owner("replacement test").reserve();
	}

	private UserPrincipal nobody() {
		try {
			return temp.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
		}
		catch (IOException e) {
			HostRequirements.require(false, "this host has no user 'nobody' to hand the folder to");
			return null;
		}
	}

	private static void deleteRecursively(Path root) throws IOException {
		try (Stream<Path> files = Files.walk(root)) {
			for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(file);
			}
		}
	}
}
