package io.github.freeport.allocation;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apiguardian.api.API;

/**
 * The ports the operating system hands out on its own (outgoing connections, port 0) or keeps for
 * itself, read at run time: freeport allocates outside them, so the suite's own outgoing connections
 * never take a leased port.
 *
 * <ul>
 * <li>Linux: {@code /proc/sys/net/ipv4/ip_local_port_range};</li>
 * <li>macOS: {@code sysctl net.inet.ip.portrange.first} and {@code .last};</li>
 * <li>Windows: {@code netsh int ipv4 show dynamicport tcp}, plus the ranges excluded for Hyper-V and
 * others ({@code netsh int ipv4 show excludedportrange protocol=tcp});</li>
 * <li>elsewhere, or when reading fails: the IANA dynamic range 49152-65535, and {@link #source()} says
 * so.</li>
 * </ul>
 *
 * @param ranges the ports to stay out of
 * @param source where they were read from
 */
@API(status = INTERNAL, since = "0.1")
public record EphemeralRange(List<PortRange> ranges, String source) {

	private static final PortRange IANA_DYNAMIC = new PortRange(49152, 65535);
	private static volatile EphemeralRange detected;

	public EphemeralRange {
		ranges = List.copyOf(ranges);
	}

	/** The host's ranges, read once per JVM. */
	public static EphemeralRange detect() {
		EphemeralRange result = detected;
		if (result == null) {
			result = read(System.getProperty("os.name", "").toLowerCase(Locale.ROOT));
			detected = result;
		}
		return result;
	}

	public boolean contains(int port) {
		for (PortRange range : ranges) {
			if (range.contains(port)) {
				return true;
			}
		}
		return false;
	}

	static EphemeralRange read(String os) {
		try {
			if (os.contains("linux")) {
				return linux(Path.of("/proc/sys/net/ipv4/ip_local_port_range"));
			}
			if (os.contains("mac") || os.contains("darwin")) {
				int first = Integer.parseInt(run("sysctl", "-n", "net.inet.ip.portrange.first").trim());
				int last = Integer.parseInt(run("sysctl", "-n", "net.inet.ip.portrange.last").trim());
				return new EphemeralRange(List.of(new PortRange(first, last)), "sysctl net.inet.ip.portrange");
			}
			if (os.contains("windows")) {
				List<PortRange> ranges = new ArrayList<>();
				ranges.add(windowsDynamic(run("netsh", "int", "ipv4", "show", "dynamicport", "tcp")));
				ranges.addAll(windowsExcluded(run("netsh", "int", "ipv4", "show", "excludedportrange", "protocol=tcp")));
				return new EphemeralRange(ranges, "netsh int ipv4 show dynamicport/excludedportrange");
			}
		}
		catch (IOException | RuntimeException e) {
			return new EphemeralRange(List.of(IANA_DYNAMIC), "IANA default 49152-65535 (reading the OS range failed: " + e + ")");
		}
		return new EphemeralRange(List.of(IANA_DYNAMIC), "IANA default 49152-65535 (no reader for OS '" + os + "')");
	}

	static EphemeralRange linux(Path file) throws IOException {
		// not Files.readString: /proc reports size 0, so it reads one byte first, and some kernels (seen on
		// 6.18) answer a sysctl read at a non-zero offset with end of file: it returned "3" for "32768 60999"
		String text;
		try (InputStream in = Files.newInputStream(file)) {
			text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
		}
		String[] parts = text.trim().split("\\s+");
		return new EphemeralRange(List.of(new PortRange(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]))),
			file.toString());
	}

	static PortRange windowsDynamic(String output) {
		Matcher start = Pattern.compile("Start Port\\s*:\\s*(\\d+)").matcher(output);
		Matcher count = Pattern.compile("Number of Ports\\s*:\\s*(\\d+)").matcher(output);
		if (!start.find() || !count.find()) {
			throw new IllegalStateException("unexpected netsh output: " + output.strip());
		}
		int from = Integer.parseInt(start.group(1));
		return new PortRange(from, Math.min(65535, from + Integer.parseInt(count.group(1)) - 1));
	}

	static List<PortRange> windowsExcluded(String output) {
		List<PortRange> ranges = new ArrayList<>();
		Matcher row = Pattern.compile("(?m)^\\s*(\\d+)\\s+(\\d+)").matcher(output);
		while (row.find()) {
			ranges.add(new PortRange(Integer.parseInt(row.group(1)), Integer.parseInt(row.group(2))));
		}
		return ranges;
	}

	private static String run(String... command) throws IOException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		try {
			process.getOutputStream().close();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IOException(String.join(" ", command) + " failed: " + output.strip());
			}
			return output;
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IOException(String.join(" ", command) + " interrupted", e);
		}
		finally {
			process.destroyForcibly();
		}
	}

	@Override
	public String toString() {
		return ranges.stream().map(PortRange::toString).reduce((a, b) -> a + "," + b).orElse("none") + " (" + source + ")";
	}
}
