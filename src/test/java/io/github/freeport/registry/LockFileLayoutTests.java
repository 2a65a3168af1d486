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
		assertThat(LockFileLayout.lockFileName(0)).isEqualTo("leases-00000.lock");
		assertThat(LockFileLayout.lockFileName(255)).isEqualTo("leases-00000.lock");
		assertThat(LockFileLayout.lockFileName(256)).isEqualTo("leases-00256.lock");
		assertThat(LockFileLayout.lockFileName(BLOCK + 255)).isEqualTo("leases-28416.lock");
		assertThat(LockFileLayout.lockFileName(65535)).isEqualTo("leases-65280.lock");
		assertThatThrownBy(() -> LockFileLayout.lockFileName(65536)).isInstanceOf(IllegalArgumentException.class)
			.hasMessage("port 65536 is not in 0-65535");
	}

	@Test
	void tcpPortIsItsBlocksByteAndUdpPortTheByte256Further() {
		long[] both = LockFileLayout.positions(BLOCK + 4, Protocol.BOTH);
		assertThat(both).containsExactly(BLOCK + 4, 65536 + BLOCK + 4);
		assertThat(LockFileLayout.positions(BLOCK + 4, Protocol.TCP)).containsExactly(both[0]);
		assertThat(LockFileLayout.positions(BLOCK + 4, Protocol.UDP)).containsExactly(both[1]);
		assertThat(LockFileLayout.blockOf(both[0])).isEqualTo(LockFileLayout.blockOf(both[1])).isEqualTo(BLOCK / 256);
		assertThat(LockFileLayout.offsetOf(both[0])).isEqualTo(4);
		assertThat(LockFileLayout.offsetOf(both[1])).isEqualTo(256 + 4);
		assertThat(LockFileLayout.describe(both[1])).isEqualTo("UDP port " + (BLOCK + 4));

		assertThat(LockFileLayout.offsetOf(255)).as("the last TCP byte of block 0").isEqualTo(255);
		assertThat(LockFileLayout.offsetOf(65536 + 255)).as("the last UDP byte of block 0").isEqualTo(511);
		assertThat(LockFileLayout.blockOf(256)).isEqualTo(1);
		assertThat(LockFileLayout.offsetOf(256)).isZero();
		assertThat(LockFileLayout.blockOf(65536 + 65535)).isEqualTo(255);
		assertThat(LockFileLayout.offsetOf(65536 + 65535)).isEqualTo(511);
		assertThat(LockFileLayout.BLOCKS).isEqualTo(256);
	}

	@Test
	void bytesLockedByAnotherProcessAreLeasesOfTheirPorts() throws IOException, InterruptedException {
		Path folder = registryFolder();
		int tcp = BLOCK + 4;
		int udp = BLOCK + 5;
		Path lockFile = folder.resolve(LockFileLayout.lockFileName(BLOCK));
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
			assertThat(folder.resolve(LockFileLayout.lockFileName(BLOCK))).isRegularFile();
			assertThat(folder.resolve(LockFileLayout.lockFileName(BLOCK + 256))).isRegularFile();
			assertThat(folder.resolve(LockFileLayout.lockFileName(BLOCK + 512))).as("a block nobody leased in")
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
