package io.github.freeport.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

class EphemeralRangeTests {

	@Test
	@EnabledOnOs(OS.LINUX)
	void readsTheKernelsRangeFromProc() throws IOException {
		Path proc = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
		String[] expected = new String(Files.newInputStream(proc).readAllBytes(), StandardCharsets.US_ASCII).trim().split("\\s+");

		EphemeralRange range = EphemeralRange.detect();

		assertThat(range.source()).isEqualTo(proc.toString());
		assertThat(range.ranges()).containsExactly(
			new PortRange(Integer.parseInt(expected[0]), Integer.parseInt(expected[1])));
	}
}
