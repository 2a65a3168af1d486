package io.github.freeport.crossprocess;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import io.github.freeport.ConfiguredRequests;
import io.github.freeport.PortReservation;
import io.github.freeport.Protocol;
import io.github.freeport.config.Configuration;
import io.github.freeport.registry.FileLockRegistry;
import io.github.freeport.registry.LockFileLayout;
import io.github.freeport.registry.Holder;
import io.github.freeport.registry.RegistryFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN.md decision 1: on Linux, closing any second channel on the lock file silently drops every lock
 * the JVM holds. So every diagnostic path is run in the JVM that holds a lease, and then another JVM must
 * still be refused that port.
 */
class LockFileGuardTests {

	private static final int FROM = 28150;
	private static final int TO = 28159;

	@TempDir
	Path temp;

	@Test
	void diagnosticsInTheHoldingJvmKeepItsLease() throws IOException {
		Path registryPath = temp.resolve("registry");
		Configuration configuration = IsolatedConfiguration.forRegistry(registryPath);
		try (WorkerJvm other = WorkerJvm.start(registryPath, temp)) {
			PortReservation reservation = ConfiguredRequests.request(configuration).range(FROM, TO).quarantine(Duration.ZERO)
				.owner("guard test").reserve();
			int port = reservation.port();
			try {
				runEveryDiagnostic(registryPath, port);

				String refused = other.ask("TRY " + port, "REFUSED");
				assertThat(refused).contains("pid " + ProcessHandle.current().pid()).contains("guard test");
			}
			finally {
				reservation.close();
			}
			assertThat(other.ask("TRY " + port, "LEASED")).as("the refusal was the lease's doing").isEqualTo("LEASED " + port);
		}
	}

	private static void runEveryDiagnostic(Path registryPath, int port) throws IOException {
		FileLockRegistry registry = FileLockRegistry.forFolder(registryPath, "test");
		assertThat(registry.holderOf(port, Protocol.TCP)).get().extracting(Holder::pid)
			.isEqualTo(ProcessHandle.current().pid());
		assertThat(registry.holderOf(port, Protocol.BOTH)).isPresent();
		assertThat(registry.holderOf(port, Protocol.UDP)).isEmpty();

		// the same folder spelled another way (through a symlinked parent) is the same registry, not a second channel
		Path alias = Files.createSymbolicLink(registryPath.resolveSibling("alias"), registryPath.getParent());
		assertThat(FileLockRegistry.forFolder(alias.resolve(registryPath.getFileName()), "alias")).isSameAs(registry);

		// re-checking the folder, reading the metadata file, listing the folder with attributes
		assertThat(RegistryFolder.prepare(registryPath, "test").path()).isEqualTo(registryPath.toAbsolutePath().normalize());
		assertThat(Files.readAllBytes(registryPath.resolve(LockFileLayout.HOLDERS_FILE))).isNotEmpty();
		try (Stream<Path> files = Files.list(registryPath)) {
			List<Path> listed = files.toList();
			assertThat(listed).isNotEmpty();
			for (Path file : listed) {
				PosixFileAttributes attributes = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
				assertThat(attributes.owner()).isNotNull();
				Files.getFileStore(file).type();
			}
		}
		try (Stream<Path> walked = Files.walk(registryPath)) {
			assertThat(walked.count()).isGreaterThan(1);
		}
	}
}
