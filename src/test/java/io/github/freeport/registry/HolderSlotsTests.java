package io.github.freeport.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HolderSlotsTests {

	@TempDir
	Path folder;

	private final Instant since = Instant.now().truncatedTo(ChronoUnit.MILLIS);

	@Test
	void aSlotWrittenThroughTheMappingIsReadByAnotherOpeningOfTheFile() {
		Path file = folder.resolve(LockFileLayout.HOLDERS_FILE);
		try (HolderSlots writer = HolderSlots.open(file); HolderSlots reader = HolderSlots.open(file)) {
			writer.writeLeased(40123, 4242, "3", "[engine:junit-jupiter]/[method:test()]", since.toEpochMilli());
			assertThat(reader.read(40123)).contains(new Holder(4242, "3", "[engine:junit-jupiter]/[method:test()]", since, null));

			writer.writeLeased(40123, 4343, "", "next holder", since.plusMillis(5).toEpochMilli());
			assertThat(reader.read(40123)).contains(new Holder(4343, "", "next holder", since.plusMillis(5), null));
		}
	}

	@Test
	void slotsAreWhereAPositionalWriterPutsThem() throws IOException {
		Path file = folder.resolve(LockFileLayout.HOLDERS_FILE);
		try (HolderSlots slots = HolderSlots.open(file)) {
			slots.writeLeased(65536 + 53, 7, "", "udp owner", since.toEpochMilli());
		}
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
			ByteBuffer magic = ByteBuffer.allocate(4);
			channel.read(magic, (65536L + 53) * HolderSlots.SLOT_SIZE);
			assertThat(magic.getInt(0)).isEqualTo(0x46505254);
		}
	}

	@Test
	void aShorterFileKeepsItsSlots() throws IOException {
		ByteBuffer slot = ByteBuffer.allocate(HolderSlots.SLOT_SIZE);
		try (HolderSlots slots = HolderSlots.open(folder.resolve("first.bin"));
				FileChannel first = FileChannel.open(folder.resolve("first.bin"), StandardOpenOption.READ)) {
			slots.writeLeased(20000, 11, "", "before", since.toEpochMilli());
			first.read(slot, 20000L * HolderSlots.SLOT_SIZE);
		}
		Path file = folder.resolve(LockFileLayout.HOLDERS_FILE);
		try (FileChannel older = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
			older.write(slot.flip(), 20000L * HolderSlots.SLOT_SIZE);
		}
		try (HolderSlots slots = HolderSlots.open(file)) {
			assertThat(slots.read(20000)).contains(new Holder(11, "", "before", since, null));
			assertThat(slots.read(30000)).isEmpty();
		}
	}
}
