package io.github.freeport.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ephemeral range readers of each OS. Linux reads this host's {@code /proc}; macOS and Windows read command
 * outputs recorded on real machines ({@code src/test/resources/.../allocation/recorded}, the bytes as the
 * commands write them: CRLF, and the OEM code page 850 for the French and German ones). The French
 * {@code dynamicport} output is the one the Datadog agent's tests keep; the German {@code excludedportrange}
 * one was published by a user chasing a Hyper-V port exclusion.
 */
class EphemeralRangeTests {

	private final List<LogRecord> warnings = new CopyOnWriteArrayList<>();
	private final Logger logger = Logger.getLogger("io.github.freeport");
	private final Handler handler = new Handler() {

		@Override
		public void publish(LogRecord record) {
			if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
				warnings.add(record);
			}
		}

		@Override
		public void flush() {
		}

		@Override
		public void close() {
		}
	};

	@BeforeEach
	void listen() {
		logger.addHandler(handler);
	}

	@AfterEach
	void stopListening() {
		logger.removeHandler(handler);
	}

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

	@Test
	void anUnreadableLinuxFileFallsBackToTheIanaRangeWithOneWarning(@TempDir Path temp) throws IOException {
		Path file = Files.writeString(temp.resolve("ip_local_port_range"), "32768\n");

		EphemeralRange range = new EphemeralRangeReader(recorded(Map.of()), file).read("linux");

		assertThat(range.ranges()).containsExactly(new PortRange(49152, 65535));
		assertThat(range.source()).startsWith("IANA default 49152-65535 (reading " + file + " failed: expected two numbers");
		assertOneWarning("cannot read the OS ephemeral port range from '" + file + "' (expected two numbers, found '32768');"
			+ " staying out of the IANA dynamic range 49152-65535 instead");
	}

	@Nested
	class MacOs {

		@Test
		void readsBothSysctlValues() {
			EphemeralRange range = reader(Map.of(EphemeralRangeReader.MACOS, "sysctl-portrange.txt")).read("mac os x");

			assertThat(range.ranges()).containsExactly(new PortRange(49152, 65535));
			assertThat(range.source()).isEqualTo("sysctl net.inet.ip.portrange.first net.inet.ip.portrange.last");
			assertThat(warnings).isEmpty();
		}

		@Test
		void anOutputWithoutTheValuesFallsBackWithOneWarning() {
			EphemeralRange range = reader(Map.of(EphemeralRangeReader.MACOS, "sysctl-portrange-unknown.txt")).read("mac os x");

			assertThat(range.ranges()).containsExactly(new PortRange(49152, 65535));
			assertOneWarning("cannot read the OS ephemeral port range from 'sysctl net.inet.ip.portrange.first"
				+ " net.inet.ip.portrange.last' (no line 'net.inet.ip.portrange.first: <number>' in its output:"
				+ " 'sysctl: unknown oid 'net.inet.ip.portrange.first''); staying out of the IANA dynamic range 49152-65535 instead");
		}

		@Test
		void aFailingSysctlFallsBackWithOneWarning() {
			// this host's own sysctl (Linux procps) knows no net.inet.*: a real command that fails
			EphemeralRange range = EphemeralRangeReader.system().read("mac os x");

			assertThat(range.ranges()).containsExactly(new PortRange(49152, 65535));
			assertThat(range.source()).startsWith("IANA default 49152-65535 (reading sysctl net.inet.ip.portrange.first");
			assertOneWarning("cannot read the OS ephemeral port range from 'sysctl net.inet.ip.portrange.first"
				+ " net.inet.ip.portrange.last' (");
		}
	}

	@Nested
	class Windows {

		@Test
		void readsTheDynamicRangeAndTheExcludedRanges() {
			EphemeralRange range = reader(Map.of(EphemeralRangeReader.WINDOWS_DYNAMIC, "netsh-dynamicport-en.txt",
				EphemeralRangeReader.WINDOWS_EXCLUDED, "netsh-excludedportrange-en.txt")).read("windows 11");

			assertThat(range.ranges()).containsExactly(new PortRange(49152, 65535), new PortRange(5357, 5357),
				new PortRange(13300, 13399), new PortRange(50000, 50059));
			assertThat(range.source()).isEqualTo("netsh int ipv4 show dynamicport tcp, netsh int ipv4 show excludedportrange protocol=tcp");
			assertThat(range.contains(13350)).as("a port Hyper-V excluded").isTrue();
			assertThat(range.contains(13400)).isFalse();
			assertThat(warnings).isEmpty();
		}

		@Test
		void readsFrenchAndGermanOutputs() {
			EphemeralRange range = reader(Map.of(EphemeralRangeReader.WINDOWS_DYNAMIC, "netsh-dynamicport-fr.txt",
				EphemeralRangeReader.WINDOWS_EXCLUDED, "netsh-excludedportrange-de.txt")).read("windows server 2022");

			assertThat(range.ranges()).containsExactly(new PortRange(49152, 65535), new PortRange(28380, 28380),
				new PortRange(28385, 28385), new PortRange(49711, 49810), new PortRange(49811, 49910),
				new PortRange(49911, 50010), new PortRange(50111, 50210), new PortRange(50211, 50310),
				new PortRange(51099, 51198));
			assertThat(warnings).isEmpty();
		}

		@Test
		void readsAWidenedDynamicRangeAndNoExclusions() {
			EphemeralRange range = reader(Map.of(EphemeralRangeReader.WINDOWS_DYNAMIC, "netsh-dynamicport-widened.txt",
				EphemeralRangeReader.WINDOWS_EXCLUDED, "netsh-excludedportrange-empty.txt")).read("windows 10");

			assertThat(range.ranges()).containsExactly(new PortRange(1024, 15000));
			assertThat(warnings).isEmpty();
		}

		@Test
		void anUnreadableDynamicRangeFallsBackToTheIanaRangeWithOneWarning() {
			Map<List<String>, byte[]> outputs = new HashMap<>();
			String english = new String(bytes("netsh-dynamicport-en.txt"), StandardCharsets.ISO_8859_1);
			outputs.put(EphemeralRangeReader.WINDOWS_DYNAMIC,
				english.substring(0, english.indexOf("Number")).getBytes(StandardCharsets.ISO_8859_1)); // cut short
			outputs.put(EphemeralRangeReader.WINDOWS_EXCLUDED, bytes("netsh-excludedportrange-de.txt"));

			EphemeralRange range = new EphemeralRangeReader(recorded(outputs), Path.of("unused")).read("windows 11");

			assertThat(range.ranges()).first().isEqualTo(new PortRange(49152, 65535));
			assertThat(range.ranges()).hasSize(9).contains(new PortRange(51099, 51198));
			assertThat(range.source()).startsWith("IANA default 49152-65535 (netsh int ipv4 show dynamicport tcp failed:")
				.endsWith(", netsh int ipv4 show excludedportrange protocol=tcp");
			assertOneWarning("cannot read the OS ephemeral port range from 'netsh int ipv4 show dynamicport tcp' (expected a"
				+ " line of dashes, then a start port and a number of ports, found '");
			assertThat(warnings.get(0).getMessage()).endsWith("); staying out of the IANA dynamic range 49152-65535 instead");
		}

		@Test
		void unreadableExclusionsAreLeftOutWithOneWarning() {
			EphemeralRange range = reader(Map.of(EphemeralRangeReader.WINDOWS_DYNAMIC, "netsh-dynamicport-fr.txt",
				EphemeralRangeReader.WINDOWS_EXCLUDED, "sysctl-portrange.txt")).read("windows 11");

			assertThat(range.ranges()).containsExactly(new PortRange(49152, 65535));
			assertThat(range.source()).endsWith(", no excluded ranges (netsh int ipv4 show excludedportrange protocol=tcp"
				+ " failed: expected column headings and a line of dashes, found 'net.inet.ip.portrange.first: 49152\n"
				+ "net.inet.ip.portrange.last: 65535')");
			assertOneWarning("cannot read the OS ephemeral port range from 'netsh int ipv4 show excludedportrange"
				+ " protocol=tcp' (expected column headings and a line of dashes, found 'net.inet.ip.portrange.first: 49152\n"
				+ "net.inet.ip.portrange.last: 65535'); staying out of the dynamic range only, as if no ports were excluded");
		}

		@Test
		void noNetshAtAllFallsBackWithAWarningPerCommand() {
			// a real attempt to run netsh, which this host does not have
			EphemeralRange range = EphemeralRangeReader.system().read("windows 11");

			assertThat(range.ranges()).containsExactly(new PortRange(49152, 65535));
			assertThat(warnings).extracting(LogRecord::getMessage).hasSize(2)
				.anySatisfy(m -> assertThat(m).contains("from 'netsh int ipv4 show dynamicport tcp' (Cannot run program \"netsh\"")
					.endsWith("staying out of the IANA dynamic range 49152-65535 instead"))
				.anySatisfy(m -> assertThat(m).contains("from 'netsh int ipv4 show excludedportrange protocol=tcp' (Cannot run program")
					.endsWith("staying out of the dynamic range only, as if no ports were excluded"));
		}
	}

	@Test
	void anOsWithoutAReaderGetsTheIanaRangeWithoutAWarning() {
		EphemeralRange range = reader(Map.of()).read("plan9");

		assertThat(range.ranges()).containsExactly(new PortRange(49152, 65535));
		assertThat(range.source()).isEqualTo("IANA default 49152-65535 (no reader for OS 'plan9')");
		assertThat(warnings).isEmpty();
	}

	private void assertOneWarning(String containing) {
		assertThat(warnings).as("WARNINGs logged").hasSize(1);
		assertThat(warnings.get(0).getLevel()).isEqualTo(Level.WARNING);
		assertThat(warnings.get(0).getMessage()).contains(containing);
	}

	/** A reader whose commands answer with the recorded outputs named. */
	private static EphemeralRangeReader reader(Map<List<String>, String> recordings) {
		Map<List<String>, byte[]> outputs = new HashMap<>();
		recordings.forEach((command, file) -> outputs.put(command, bytes(file)));
		return new EphemeralRangeReader(recorded(outputs), Path.of("unused"));
	}

	private static EphemeralRangeReader.Commands recorded(Map<List<String>, byte[]> outputs) {
		return command -> {
			byte[] output = outputs.get(command);
			if (output == null) {
				throw new IOException("no recorded output for " + command);
			}
			return output;
		};
	}

	private static byte[] bytes(String recording) {
		try (InputStream in = EphemeralRangeTests.class.getResourceAsStream("recorded/" + recording)) {
			if (in == null) {
				throw new IllegalStateException("no recorded output " + recording);
			}
			return in.readAllBytes();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
