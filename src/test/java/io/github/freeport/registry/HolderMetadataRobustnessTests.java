package io.github.freeport.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Random;
import java.util.zip.CRC32;

import io.github.freeport.ConfiguredRequests;
import io.github.freeport.PortReservation;
import io.github.freeport.PortsExhaustedException;
import io.github.freeport.Protocol;
import io.github.freeport.config.Configuration;
import io.github.freeport.crossprocess.IsolatedConfiguration;
import io.github.freeport.crossprocess.WorkerJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Holder metadata is for diagnostics only: whatever state {@code holders.bin} is in, leases work, and a
 * live lock wins over what the metadata says. Each test damages the file before its registry is opened
 * (a fresh folder per test gives a fresh registry in this JVM).
 */
class HolderMetadataRobustnessTests {

	private static final int FROM = 28160;
	private static final int TO = 28169;
	private static final int SLOT = HolderSlots.SLOT_SIZE;
	private static final long PID = ProcessHandle.current().pid();

	@TempDir
	Path temp;

	@Test
	void truncatedMetadata() throws IOException {
		Path folder = registryFolder();
		try (FileChannel file = FileChannel.open(folder.resolve(LockFileLayout.HOLDERS_FILE), StandardOpenOption.CREATE_NEW,
				StandardOpenOption.WRITE)) {
			// a slot cut off after its magic and state, in the middle of the range
			file.write(ByteBuffer.wrap("FPRT\0\0\0\2".getBytes(StandardCharsets.ISO_8859_1)), (long) (FROM + 5) * SLOT);
		}
		assertLeasingWorks(folder);
	}

	@Test
	void randomGarbage() throws IOException {
		Path folder = registryFolder();
		byte[] garbage = new byte[(TO - FROM + 1) * SLOT];
		new Random(4711).nextBytes(garbage);
		try (FileChannel file = FileChannel.open(folder.resolve(LockFileLayout.HOLDERS_FILE), StandardOpenOption.CREATE_NEW,
				StandardOpenOption.WRITE)) {
			file.write(ByteBuffer.wrap(garbage), 0);
			file.write(ByteBuffer.wrap(garbage), (long) FROM * SLOT);
		}
		assertLeasingWorks(folder);
	}

	@Test
	void slotsWithValidChecksumsAndNonsenseInside() throws IOException {
		Path folder = registryFolder();
		try (FileChannel file = FileChannel.open(folder.resolve(LockFileLayout.HOLDERS_FILE), StandardOpenOption.CREATE_NEW,
				StandardOpenOption.WRITE)) {
			for (int port = FROM; port <= TO; port++) {
				// magic, state "released", pid, since, released-at far in the future or past, then fork and owner
				ByteBuffer slot = ByteBuffer.allocate(SLOT);
				slot.putInt(0x46505254).putInt(2).putLong(-port).putLong(Long.MIN_VALUE)
					.putLong(port % 2 == 0 ? Long.MAX_VALUE : Long.MIN_VALUE);
				if (port % 4 < 2) {
					slot.putShort((short) (port % 4 == 0 ? -7 : 30_000)); // fork length out of bounds
				}
				CRC32 crc = new CRC32();
				crc.update(slot.array(), 0, SLOT - 4);
				slot.putInt(SLOT - 4, (int) crc.getValue());
				file.write(slot.position(0), (long) port * SLOT);
			}
		}
		assertLeasingWorks(folder);
	}

	@Test
	void metadataFileIsAFolder() throws IOException {
		Path folder = registryFolder();
		Files.createDirectory(folder.resolve(LockFileLayout.HOLDERS_FILE));
		Files.writeString(folder.resolve(LockFileLayout.HOLDERS_FILE).resolve("inside"), "junk");

		Configuration configuration = IsolatedConfiguration.forRegistry(folder);
		try (PortReservation reservation = ConfiguredRequests.request(configuration).range(FROM, TO).owner("robustness test").reserve()) {
			// this JVM still knows its own holders; other processes would read them as unknown
			assertThat(FileLockRegistry.forFolder(folder, "test").holderOf(reservation.port(), Protocol.TCP)).get()
				.extracting(Holder::pid).isEqualTo(PID);
		}
		assertThat(folder.resolve(LockFileLayout.HOLDERS_FILE)).isDirectory();
	}

	@Test
	void strayFilesInTheFolder() throws IOException {
		Path folder = registryFolder();
		Files.writeString(folder.resolve("notes.txt"), "left here by someone");
		Files.write(folder.resolve("holders.bin.tmp"), new byte[1000]);
		Files.createDirectories(folder.resolve("sub/dir"));
		Files.createSymbolicLink(folder.resolve("dangling"), folder.resolve("nowhere"));
		assertLeasingWorks(folder);
	}

	@Test
	void liveLockWinsOverDamagedOrForgedMetadata() throws IOException {
		Path folder = registryFolder();
		Path holders = folder.resolve(LockFileLayout.HOLDERS_FILE);
		Configuration configuration = IsolatedConfiguration.forRegistry(folder);
		try (WorkerJvm holder = WorkerJvm.start(folder, temp)) {
			int held = WorkerJvm.ports(holder.ask("LEASE " + FROM + " " + TO + " 1", "LEASED")).get(0);
			FileLockRegistry registry = FileLockRegistry.forFolder(folder, "test");
			assertThat(registry.holderOf(held, Protocol.TCP)).get().extracting(Holder::pid).isEqualTo(holder.pid());

			Files.write(holders, new byte[] { 1, 2, 3 }, StandardOpenOption.TRUNCATE_EXISTING);
			assertThat(registry.holderOf(held, Protocol.TCP)).as("holder when the metadata is gone").isEmpty();
			assertThatThrownBy(() -> exactly(configuration, held)).isInstanceOf(PortsExhaustedException.class)
				.hasMessageContaining("leased by another process, holder unknown");

			int free = held == FROM ? TO : FROM;
			try (HolderSlots forger = HolderSlots.open(holders)) {
				forger.writeLeased(held, 1, "", "forged", System.currentTimeMillis());
				forger.writeLeased(free, 1, "", "forged", System.currentTimeMillis());
			}
			assertThatThrownBy(() -> exactly(configuration, held)).as("a slot forged over a live lock")
				.isInstanceOf(PortsExhaustedException.class);
			assertThat(registry.holderOf(free, Protocol.TCP)).as("a slot forged 'leased' over a free lock").isEmpty();
			try (PortReservation reservation = exactly(configuration, free)) {
				assertThat(reservation.port()).isEqualTo(free);
			}
		}
	}

	/** Leasing from the range and exact ports works, and leaves readable slots. */
	private static void assertLeasingWorks(Path folder) {
		Configuration configuration = IsolatedConfiguration.forRegistry(folder);
		FileLockRegistry registry = FileLockRegistry.forFolder(folder, "test");
		for (int port = FROM; port <= TO; port++) {
			assertThat(registry.holderOf(port, Protocol.TCP)).as("holder of %d before any lease", port).isEmpty();
		}
		try (PortReservation fromRange = ConfiguredRequests.request(configuration).range(FROM, TO).owner("robustness test")
			.exhaustionTimeout(Duration.ofSeconds(5)).reserve()) {
			assertThat(fromRange.port()).isBetween(FROM, TO);
			assertThat(registry.holderOf(fromRange.port(), Protocol.TCP)).get().extracting(Holder::pid).isEqualTo(PID);
		}
		for (int port = FROM; port <= TO; port++) {
			try (PortReservation exact = exactly(configuration, port)) {
				assertThat(exact.port()).isEqualTo(port);
			}
		}
		// the damaged slots were overwritten with good ones, readable by anyone
		try (HolderSlots reader = HolderSlots.open(folder.resolve(LockFileLayout.HOLDERS_FILE))) {
			for (int port = FROM; port <= TO; port++) {
				assertThat(reader.read(port)).as("slot of %d after its release: its last holder", port).get()
					.satisfies(h -> assertThat(h.pid()).isEqualTo(PID))
					.satisfies(h -> assertThat(h.owner()).isEqualTo("robustness test"));
			}
		}
	}

	private static PortReservation exactly(Configuration configuration, int port) {
		return ConfiguredRequests.request(configuration).preferred(port).range(port, port).quarantine(Duration.ZERO)
			.exhaustionTimeout(Duration.ZERO).owner("robustness test").reserve();
	}

	private Path registryFolder() throws IOException {
		return Files.createDirectory(temp.resolve("registry"),
			PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
	}
}
