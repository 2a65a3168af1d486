package io.github.freeport.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.time.Duration;

import io.github.freeport.ConfiguredRequests;
import io.github.freeport.FreePortException;
import io.github.freeport.PortReservation;
import io.github.freeport.config.Configuration;
import io.github.freeport.crossprocess.IsolatedConfiguration;
import io.github.freeport.crossprocess.WorkerJvm;
import io.github.freeport.testsupport.Commands;
import io.github.freeport.testsupport.HostRequirements;
import io.github.freeport.testsupport.ReadOnlyFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The registry folder is checked before anything is written to it: each unusable folder is refused
 * with a message that names the folder, the problem and the fix. Requests go through the public API,
 * so the message names where the folder was configured.
 */
class RegistryFolderTests {

	private static final String SOURCE = "configuration parameter freeport.registry.dir";
	private static final int FROM = 28180;
	private static final int TO = 28189;

	@TempDir
	Path temp;

	@Test
	void defaultFolderNamesTheUserWithSafeCharactersOnly() {
		String user = System.getProperty("user.name");
		try {
			System.setProperty("user.name", "CORP\\j\u00f6e s\ud83d\ude00.x-y_z9");
			assertThat(RegistryFolder.defaultPath())
				.isEqualTo(Path.of(System.getProperty("java.io.tmpdir"), "freeport-CORP_j_e_s_.x-y_z9"));
		}
		finally {
			System.setProperty("user.name", user);
		}
	}

	@Test
	void symbolicLinkIsRefused() throws IOException {
		Path real = Files.createDirectory(temp.resolve("real"), PosixFilePermissions.asFileAttribute(
			PosixFilePermissions.fromString("rwx------")));
		Path link = Files.createSymbolicLink(temp.resolve("link"), real);

		assertThatThrownBy(() -> reserveIn(link)).isInstanceOf(FreePortException.class)
			.hasMessageContaining("The freeport registry folder " + link + " (" + SOURCE + ") is a symbolic link")
			.hasMessageContaining("remove the link or point " + SOURCE + " at a real folder");
		assertThat(real).isEmptyDirectory();
	}

	@ParameterizedTest
	@ValueSource(strings = { "rwxrwxrwx", "rwxrwx---", "rwx----w-" })
	void folderWritableByOthersIsRefusedUntilFixed(String permissions) throws IOException {
		Path folder = Files.createDirectory(temp.resolve("shared"));
		Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString(permissions));

		assertThatThrownBy(() -> reserveIn(folder)).isInstanceOf(FreePortException.class)
			.hasMessageContaining("The freeport registry folder " + folder + " (" + SOURCE + ") is writable by others ("
					+ permissions + ")")
			.hasMessageContaining("run 'chmod 700 " + folder + "'");
		assertThat(folder).isEmptyDirectory();

		Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
		try (PortReservation reservation = reserveIn(folder)) {
			assertThat(reservation.port()).isBetween(FROM, TO);
		}
	}

	@Test
	void folderOwnedByAnotherUserIsRefused() throws IOException {
		HostRequirements.require(Commands.ROOT, "handing a folder to another user (chown) needs root; this JVM runs as "
				+ System.getProperty("user.name"));
		UserPrincipal nobody;
		try {
			nobody = temp.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
		}
		catch (UserPrincipalNotFoundException e) {
			HostRequirements.require(false, "this host has no user 'nobody' to hand the folder to");
			return;
		}
		Path folder = Files.createDirectory(temp.resolve("foreign"), PosixFilePermissions.asFileAttribute(
			PosixFilePermissions.fromString("rwx------")));
		Files.setOwner(folder, nobody);

		assertThatThrownBy(() -> reserveIn(folder)).isInstanceOf(FreePortException.class)
			.hasMessageContaining("The freeport registry folder " + folder + " (" + SOURCE + ") is owned by nobody, not by root")
			.hasMessageContaining("point " + SOURCE + " at a folder of your own");
		assertThat(folder).isEmptyDirectory();
	}

	@Test
	void regularFileIsRefused() throws IOException {
		Path file = Files.writeString(temp.resolve("registry"), "not a folder");

		assertThatThrownBy(() -> reserveIn(file)).isInstanceOf(FreePortException.class)
			.hasMessageContaining("The freeport registry folder " + file + " (" + SOURCE + ") is not a folder")
			.hasMessageContaining("remove it or point " + SOURCE + " at a folder")
			.hasMessageNotContaining("another user");
	}

	@Test
	void folderThatCannotBeCreatedIsRefused() throws Exception {
		Path parent = Files.createDirectory(temp.resolve("locked"));
		Path folder = parent.resolve("registry");
		try (ReadOnlyFolder readOnly = ReadOnlyFolder.of(parent)) {
			assertThatThrownBy(() -> reserveIn(folder)).isInstanceOf(FreePortException.class)
				.hasMessageContaining("Cannot create the freeport registry folder " + folder + " (" + SOURCE + ")")
				.hasMessageContaining("point " + SOURCE + " at a folder you can write");
		}
		assertThat(folder).doesNotExist();
	}

	@Test
	void folderThatIsNotWritableIsRefused() throws Exception {
		Path folder = Files.createDirectory(temp.resolve("readonly"), PosixFilePermissions.asFileAttribute(
			PosixFilePermissions.fromString("rwx------")));
		try (ReadOnlyFolder readOnly = ReadOnlyFolder.of(folder)) {
			assertThatThrownBy(() -> reserveIn(folder)).isInstanceOf(FreePortException.class)
				.hasMessageContaining("The freeport registry folder " + folder + " (" + SOURCE + ") is not writable")
				.hasMessageContaining("make it writable or point " + SOURCE + " elsewhere")
				.hasMessageNotContaining("another user");
		}
	}

	@Test
	void missingFolderIsCreatedOwnerOnly() throws IOException {
		Path folder = temp.resolve("a/b/registry");
		try (PortReservation reservation = reserveIn(folder)) {
			assertThat(reservation.port()).isBetween(FROM, TO);
			assertThat(Files.getPosixFilePermissions(folder)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
			assertThat(folder.resolve(LockFileLayout.HOLDERS_FILE)).isRegularFile();
		}
	}

	@Test
	void defaultFolderIsPerUserUnderTheTempDirAndOwnerOnly() {
		Path tmpdir = temp.resolve("tmpdir");
		try (WorkerJvm worker = WorkerJvm.startWith(temp, "-Djava.io.tmpdir=" + tmpdir)) {
			worker.ask("LEASE " + FROM + " " + TO + " 1", "LEASED");
			Path folder = tmpdir.resolve("freeport-" + System.getProperty("user.name"));
			assertThat(folder).isDirectory();
			try {
				assertThat(Files.getPosixFilePermissions(folder)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
				assertThat(Files.getOwner(folder).getName()).isEqualTo(System.getProperty("user.name"));
			}
			catch (IOException e) {
				throw new AssertionError("Cannot read the attributes of " + folder, e);
			}
			assertThat(folder.resolve(LockFileLayout.HOLDERS_FILE)).isRegularFile();
		}
	}

	private static PortReservation reserveIn(Path folder) {
		Configuration configuration = IsolatedConfiguration.forRegistry(folder);
		return ConfiguredRequests.request(configuration).range(FROM, TO).exhaustionTimeout(Duration.ZERO).owner("folder test").reserve();
	}
}
