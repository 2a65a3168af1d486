package io.github.freeport.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import io.github.freeport.ConfiguredRequests;
import io.github.freeport.PortReservation;
import io.github.freeport.PortsExhaustedException;
import io.github.freeport.Protocol;
import io.github.freeport.crossprocess.IsolatedConfiguration;
import io.github.freeport.testsupport.JavaProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The layout of the lock files is the protocol between JVMs (and between freeport versions): one file
 * per block of 256 ports, TCP port {@code p} at byte {@code p % 256}, UDP at {@code 256 + p % 256}. Pinned
 * here by a JVM that locks the bytes directly.
 */
class LockFileLayoutTests {

	/** The first port of a block of 256. */
	private static final int BLOCK = 28416;

	@TempDir
	Path temp;

	@Test
	void eachBlockOf256PortsHasItsOwnFileNamedAfterItsFirstPort() {
		assertThat(FileLockRegistry.lockFileName(0)).isEqualTo("leases-00000.lock");
		assertThat(FileLockRegistry.lockFileName(255)).isEqualTo("leases-00000.lock");
		assertThat(FileLockRegistry.lockFileName(256)).isEqualTo("leases-00256.lock");
		assertThat(FileLockRegistry.lockFileName(BLOCK + 255)).isEqualTo("leases-28416.lock");
		assertThat(FileLockRegistry.lockFileName(65535)).isEqualTo("leases-65280.lock");
		assertThatThrownBy(() -> FileLockRegistry.lockFileName(65536)).isInstanceOf(IllegalArgumentException.class)
			.hasMessage("port 65536 is not in 0-65535");
	}

	@Test
	void bytesLockedByAnotherProcessAreLeasesOfTheirPorts() throws IOException, InterruptedException {
		Path folder = registryFolder();
		int tcp = BLOCK + 4;
		int udp = BLOCK + 5;
		Path lockFile = folder.resolve(FileLockRegistry.lockFileName(BLOCK));
		try (JavaProcess other = JavaProcess.start(RawLocker.class, List.of(), lockFile.toString(), String.valueOf(tcp - BLOCK),
				String.valueOf(256 + udp - BLOCK))) {
			other.awaitLine("LOCKED", 60);

			assertThatThrownBy(() -> reserve(folder, tcp, Protocol.TCP)).isInstanceOf(PortsExhaustedException.class)
				.hasMessageContaining("leased by another process, holder unknown: " + tcp);
			assertThatThrownBy(() -> reserve(folder, udp, Protocol.UDP)).isInstanceOf(PortsExhaustedException.class)
				.hasMessageContaining("leased by another process, holder unknown: " + udp);
			try (PortReservation tcpOfTheUdpPort = reserve(folder, udp, Protocol.TCP);
					PortReservation udpOfTheTcpPort = reserve(folder, tcp, Protocol.UDP)) {
				assertThat(tcpOfTheUdpPort.port()).isEqualTo(udp);
				assertThat(udpOfTheTcpPort.port()).isEqualTo(tcp);
			}
		}
	}

	@Test
	void leasesInTwoBlocksLockTwoFiles() throws IOException {
		Path folder = registryFolder();
		try (PortReservation first = reserve(folder, BLOCK + 10, Protocol.TCP);
				PortReservation second = reserve(folder, BLOCK + 256 + 10, Protocol.TCP)) {
			assertThat(folder.resolve(FileLockRegistry.lockFileName(BLOCK))).isRegularFile();
			assertThat(folder.resolve(FileLockRegistry.lockFileName(BLOCK + 256))).isRegularFile();
			assertThat(folder.resolve(FileLockRegistry.lockFileName(BLOCK + 512))).as("a block nobody leased in")
				.doesNotExist();
		}
	}

	private static PortReservation reserve(Path folder, int port, Protocol protocol) {
		return ConfiguredRequests.request(IsolatedConfiguration.forRegistry(folder)).protocol(protocol).range(port, port)
			.quarantine(Duration.ZERO).exhaustionTimeout(Duration.ZERO).owner("layout test").reserve();
	}

	private Path registryFolder() throws IOException {
		return Files.createDirectory(temp.resolve("registry"),
			PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
	}
}
