package io.github.freeport.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EphemeralRangeTests {

	private static final Path LINUX_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

	@Test
	void readsTheLinuxRangeFromProcNotTheIanaFallback() throws IOException {
		assumeThat(Files.isReadable(LINUX_RANGE)).as("a Linux host with " + LINUX_RANGE).isTrue();
		// a BufferedReader reads the whole file in its first read, which is all a sysctl file answers
		String[] expected = Files.readAllLines(LINUX_RANGE).get(0).trim().split("\\s+");

		EphemeralRange range = EphemeralRange.read("linux");

		assertThat(range.source()).isEqualTo(LINUX_RANGE.toString());
		assertThat(range.ranges())
			.containsExactly(new PortRange(Integer.parseInt(expected[0]), Integer.parseInt(expected[1])));
	}

	@Test
	void readsATabSeparatedRangeFile(@TempDir Path folder) throws IOException {
		Path file = Files.writeString(folder.resolve("ip_local_port_range"), "32768\t60999\n");

		assertThat(EphemeralRange.linux(file).ranges()).isEqualTo(List.of(new PortRange(32768, 60999)));
	}
}
