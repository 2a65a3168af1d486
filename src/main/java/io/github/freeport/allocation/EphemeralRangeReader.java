package io.github.freeport.allocation;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.StringTokenizer;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the operating system's ephemeral port ranges: the file or commands of each OS, and their parsing.
 * What cannot be read or parsed falls back to a safe default, with one WARNING naming the command and the
 * fallback: a host whose range freeport misjudges would otherwise hand out ports the kernel also hands out.
 *
 * <p>The commands' output is read by its shape, not its words: {@code netsh} answers in the language of
 * the Windows installation and in the console's OEM code page, so only ASCII digits, dashes and line
 * breaks are relied on.
 */
final class EphemeralRangeReader {

	static final PortRange IANA_DYNAMIC = new PortRange(49152, 65535);
	static final Path LINUX_FILE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
	static final List<String> MACOS = List.of("sysctl", "net.inet.ip.portrange.first", "net.inet.ip.portrange.last");
	static final List<String> WINDOWS_DYNAMIC = List.of("netsh", "int", "ipv4", "show", "dynamicport", "tcp");
	static final List<String> WINDOWS_EXCLUDED = List.of("netsh", "int", "ipv4", "show", "excludedportrange", "protocol=tcp");

	private static final String IANA_FALLBACK = "staying out of the IANA dynamic range " + IANA_DYNAMIC + " instead";
	private static final String NO_EXCLUSIONS = "staying out of the dynamic range only, as if no ports were excluded";

	/** The shapes of {@code netsh}'s output: compiled on Windows only, the first time it is read. */
	private static final class NetshShapes {

		static final Pattern SEPARATOR = Pattern.compile("(?m)^\\h*-{4,}[-\\h]*$");
		static final Pattern TRAILING_NUMBER = Pattern.compile("(?m)^.*?(\\d+)\\h*$");
		static final Pattern EXCLUDED_ROW = Pattern.compile("(?m)^\\h*(\\d+)\\h+(\\d+)(\\h+\\*)?\\h*$");
	}

	/** The output of an OS command that exited 0, as bytes; the seam where tests feed recorded outputs. */
	@FunctionalInterface
	interface Commands {

		byte[] output(List<String> command) throws IOException;
	}

	/** The commands' outputs, or {@code null} for this host's: no class of its own on the way to a first port. */
	private final Commands commands;
	private final Path linuxFile;

	EphemeralRangeReader(Commands commands, Path linuxFile) {
		this.commands = commands;
		this.linuxFile = linuxFile;
	}

	/** This host's commands and {@code /proc}. */
	static EphemeralRangeReader system() {
		return new EphemeralRangeReader(null, LINUX_FILE);
	}

	private byte[] output(List<String> command) throws IOException {
		return commands != null ? commands.output(command) : run(command);
	}

	/** The ranges for the OS named {@code os} (lower-case {@code os.name}); never fails. */
	EphemeralRange read(String os) {
		if (os.contains("linux")) {
			try {
				return new EphemeralRange(List.of(linux(readFile(linuxFile))), linuxFile.toString());
			}
			catch (IOException | RuntimeException e) {
				return fallback(linuxFile.toString(), e);
			}
		}
		if (os.contains("mac") || os.contains("darwin")) {
			String command = String.join(" ", MACOS);
			try {
				return new EphemeralRange(List.of(macOs(text(output(MACOS)))), command);
			}
			catch (IOException | RuntimeException e) {
				return fallback(command, e);
			}
		}
		if (os.contains("windows")) {
			return windows();
		}
		return new EphemeralRange(List.of(IANA_DYNAMIC), "IANA default " + IANA_DYNAMIC + " (no reader for OS '" + os + "')");
	}

	private EphemeralRange windows() {
		List<PortRange> ranges = new ArrayList<>();
		List<String> sources = new ArrayList<>();
		String dynamic = String.join(" ", WINDOWS_DYNAMIC);
		try {
			ranges.add(windowsDynamic(text(output(WINDOWS_DYNAMIC))));
			sources.add(dynamic);
		}
		catch (IOException | RuntimeException e) {
			warn(dynamic, e, IANA_FALLBACK);
			ranges.add(IANA_DYNAMIC);
			sources.add("IANA default " + IANA_DYNAMIC + " (" + dynamic + " failed: " + e.getMessage() + ")");
		}
		String excluded = String.join(" ", WINDOWS_EXCLUDED);
		try {
			ranges.addAll(windowsExcluded(text(output(WINDOWS_EXCLUDED))));
			sources.add(excluded);
		}
		catch (IOException | RuntimeException e) {
			warn(excluded, e, NO_EXCLUSIONS);
			sources.add("no excluded ranges (" + excluded + " failed: " + e.getMessage() + ")");
		}
		return new EphemeralRange(ranges, String.join(", ", sources));
	}

	/**
	 * {@code ip_local_port_range}: two numbers, e.g. {@code 32768	60999}. Read by hand, without regular
	 * expressions: a Linux JVM reads it on the way to its first port.
	 */
	static PortRange linux(String text) {
		StringTokenizer parts = new StringTokenizer(text);
		if (parts.countTokens() != 2) {
			throw new IllegalArgumentException("expected two numbers, found '" + text.strip() + "'");
		}
		return new PortRange(Integer.parseInt(parts.nextToken()), Integer.parseInt(parts.nextToken()));
	}

	/** {@code sysctl net.inet.ip.portrange.first net.inet.ip.portrange.last}: {@code name: value} lines. */
	static PortRange macOs(String output) {
		return new PortRange(sysctlValue(output, "net.inet.ip.portrange.first"), sysctlValue(output, "net.inet.ip.portrange.last"));
	}

	private static int sysctlValue(String output, String name) {
		Matcher value = Pattern.compile("(?m)^\\h*" + Pattern.quote(name) + "\\h*[:=]\\h*(\\d+)\\h*$").matcher(output);
		if (!value.find()) {
			throw new IllegalArgumentException("no line '" + name + ": <number>' in its output: '" + output.strip() + "'");
		}
		return Integer.parseInt(value.group(1));
	}

	/**
	 * {@code netsh int ipv4 show dynamicport tcp}: a title, a line of dashes, then the start port and the number
	 * of ports, each at the end of a labelled line ({@code Start Port : 49152}, {@code Port de démarrage : 49152}).
	 */
	static PortRange windowsDynamic(String output) {
		Matcher separator = NetshShapes.SEPARATOR.matcher(output);
		List<Integer> numbers = new ArrayList<>();
		if (separator.find()) {
			Matcher number = NetshShapes.TRAILING_NUMBER.matcher(output.substring(separator.end()));
			while (number.find()) {
				numbers.add(Integer.parseInt(number.group(1)));
			}
		}
		if (numbers.size() != 2 || numbers.get(1) < 1) {
			throw new IllegalArgumentException("expected a line of dashes, then a start port and a number of ports,"
				+ " found '" + output.strip() + "'");
		}
		int from = numbers.get(0);
		return new PortRange(from, Math.min(65535, from + numbers.get(1) - 1));
	}

	/**
	 * {@code netsh int ipv4 show excludedportrange protocol=tcp}: a title, column headings, a line of dashes, then
	 * one row per range ({@code 50000 50059 *}, the star marking an administered exclusion). No rows: nothing
	 * excluded.
	 */
	static List<PortRange> windowsExcluded(String output) {
		Matcher separator = NetshShapes.SEPARATOR.matcher(output);
		if (!separator.find()) {
			throw new IllegalArgumentException("expected column headings and a line of dashes, found '" + output.strip() + "'");
		}
		List<PortRange> ranges = new ArrayList<>();
		Matcher row = NetshShapes.EXCLUDED_ROW.matcher(output.substring(separator.end()));
		while (row.find()) {
			ranges.add(new PortRange(Integer.parseInt(row.group(1)), Integer.parseInt(row.group(2))));
		}
		return ranges;
	}

	private static EphemeralRange fallback(String source, Exception e) {
		warn(source, e, IANA_FALLBACK);
		return new EphemeralRange(List.of(IANA_DYNAMIC), "IANA default " + IANA_DYNAMIC + " (reading " + source
			+ " failed: " + e.getMessage() + ")");
	}

	private static void warn(String source, Exception e, String fallback) {
		System.getLogger(EphemeralRangeReader.class.getPackageName()).log(System.Logger.Level.WARNING,
			"freeport: cannot read the OS ephemeral port range from '" + source + "' (" + e.getMessage() + "); " + fallback);
	}

	/** Output bytes as text: ISO-8859-1 keeps every byte, and only ASCII is read (see the class comment). */
	private static String text(byte[] output) {
		return new String(output, StandardCharsets.ISO_8859_1);
	}

	private static String readFile(Path file) throws IOException {
		// not Files.readString: /proc reports size 0, so it reads one byte first, and some kernels (seen on
		// 6.18) answer a sysctl read at a non-zero offset with end of file: it returned "3" for "32768 60999".
		// A FileInputStream reads it from the start in one go, and loads no file channel on the way to a first port
		try (InputStream in = new FileInputStream(file.toFile())) {
			return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
		}
	}

	private static byte[] run(List<String> command) throws IOException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		try {
			process.getOutputStream().close();
			byte[] output = process.getInputStream().readAllBytes();
			if (!process.waitFor(10, TimeUnit.SECONDS)) {
				throw new IOException("no exit within 10 s");
			}
			if (process.exitValue() != 0) {
				throw new IOException("exit code " + process.exitValue() + ": " + text(output).strip());
			}
			return output;
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IOException("interrupted", e);
		}
		finally {
			process.destroyForcibly();
		}
	}

}
