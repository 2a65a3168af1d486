package io.github.freeport.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The cold-start JVM in phases, for {@link ColdStart}: JVMs of both sides run with {@link ColdStartProbe} on
 * their class path, which marks the moments between the phases; the time of each phase, and the classes each
 * loads in one more JVM with {@code -Xlog:class+load}, show where freeport's difference comes from.
 */
final class ColdStartPhases {

	/** What happens in each phase, between the JVM's start, the probe's marks and the JVM's exit. */
	static final String[] PHASES = {
		"JVM start, the Console Launcher, the listeners found and the launcher session opened (freeport's session"
				+ " listeners load here)",
		"discovery of the test class",
		"the test plan starts, the engine and the class start (freeport's scope listener sees each; the class's"
				+ " `@FreePort` registers freeport's extensions through its `@ExtendWith`)",
		"the test starts until its body connects to its server: **the first port** (the extension, configuration,"
				+ " registry, lease, probe) on one side, `new ServerSocket(0)` on the other",
		"the body, the test's end (its scope closed: the allocation's events written) and the class's end",
		"the engine's and the test plan's end",
		"the launcher session closes, to the JVM's exit (freeport: the still-held listing, the run report and its"
				+ " summary line)"};

	/** The services file names that register the probe. */
	private static final String[] SERVICES = {"org.junit.platform.launcher.LauncherSessionListener",
		"org.junit.platform.launcher.TestExecutionListener"};

	private ColdStartPhases() {
	}

	/** A class-path folder holding only the services files that register {@link ColdStartProbe}. */
	static Path probeFolder(Path folder) throws IOException {
		Path services = folder.resolve("META-INF").resolve("services");
		Files.createDirectories(services);
		for (String service : SERVICES) {
			Files.writeString(services.resolve(service), ColdStartProbe.class.getName() + "\n", StandardCharsets.UTF_8);
		}
		return folder;
	}

	/** The classes to copy beside the fixtures: the probe and its markers. */
	static List<Class<?>> probeClasses() {
		List<Class<?>> classes = new ArrayList<>(List.of(ColdStartProbe.class));
		classes.addAll(List.of(ColdStartProbe.class.getDeclaredClasses()));
		return classes;
	}

	/**
	 * Each phase's milliseconds in one probed JVM: the JVM's start, the probe's marks and its exit as the
	 * parent saw them, on {@link System#nanoTime()}, which on Linux all processes share.
	 */
	static double[] phases(long startNanos, long endNanos, Path marks) throws IOException {
		List<String> lines = Files.readAllLines(marks, StandardCharsets.UTF_8);
		if (lines.size() != ColdStartProbe.MARKS.length) {
			throw new IllegalStateException("Expected " + ColdStartProbe.MARKS.length + " marks in " + marks + ", got " + lines);
		}
		long[] moments = new long[lines.size() + 2];
		moments[0] = startNanos;
		for (int i = 0; i < lines.size(); i++) {
			moments[i + 1] = Long.parseLong(lines.get(i).split(" ")[1]);
		}
		moments[moments.length - 1] = endNanos;
		double[] millis = new double[PHASES.length];
		for (int i = 0; i < millis.length; i++) {
			millis[i] = (moments[i + 1] - moments[i]) / 1e6;
			if (millis[i] < 0) {
				throw new IllegalStateException("The marks in " + marks + " are out of order: " + lines);
			}
		}
		return millis;
	}

	/**
	 * How many classes each phase loaded, from a probed JVM's {@code -Xlog:class+load} file: a phase ends
	 * where the marker class of its mark was loaded.
	 */
	static int[] classes(Path classLog) throws IOException {
		int[] counts = new int[PHASES.length];
		int phase = 0;
		for (String line : Files.readAllLines(classLog, StandardCharsets.UTF_8)) {
			if (!line.contains("class,load")) {
				continue;
			}
			counts[phase]++;
			if (phase < ColdStartProbe.MARKS.length && line.contains("] " + markerClass(phase) + " ")) {
				phase++;
			}
		}
		if (phase != ColdStartProbe.MARKS.length) {
			throw new IllegalStateException("Only " + phase + " of the probe's markers are in " + classLog);
		}
		return counts;
	}

	private static String markerClass(int mark) {
		String name = ColdStartProbe.MARKS[mark];
		return name.equals("BodyStarted") ? ColdStartServer.class.getName() : ColdStartProbe.class.getName() + "$" + name;
	}

	/**
	 * The table: per phase, the median milliseconds of each side, the median of the paired differences, and
	 * the classes each side loaded.
	 */
	static void render(StringBuilder md, double[][] freeport, double[][] baseline, int[] freeportClasses,
			int[] baselineClasses) {
		int pairs = freeport.length;
		md.append(String.format(Locale.ROOT, "Where the difference comes from: %d more pairs, each JVM with a listener"
				+ " that marks the moments between the phases below (on the shared monotonic clock, from the JVM's start"
				+ " to its exit), and one more JVM of each side with `-Xlog:class+load`, split at the same marks."
				+ " Medians; the paired differences do not add up to the whole, since each is a median of its own.\n\n",
			pairs));
		md.append("| phase | `@FreePort` (ms) | `new ServerSocket(0)` (ms) | difference, each pair (ms) | classes loaded,"
				+ " `@FreePort` | `new ServerSocket(0)` | more |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
		for (int phase = 0; phase < PHASES.length; phase++) {
			double[] with = column(freeport, phase);
			double[] without = column(baseline, phase);
			double[] paired = new double[pairs];
			for (int i = 0; i < pairs; i++) {
				paired[i] = with[i] - without[i];
			}
			md.append(String.format(Locale.ROOT, "| %d. %s | %.0f | %.0f | %+.1f | %,d | %,d | %+,d |\n", phase + 1,
				PHASES[phase], Samples.median(with), Samples.median(without), Samples.median(paired),
				freeportClasses[phase], baselineClasses[phase], freeportClasses[phase] - baselineClasses[phase]));
		}
		md.append('\n');
	}

	private static double[] column(double[][] rows, int column) {
		double[] values = new double[rows.length];
		for (int i = 0; i < rows.length; i++) {
			values[i] = rows[i][column];
		}
		return values;
	}
}
