package io.github.freeport.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;

/**
 * Cold start: the first {@code @FreePort} in a fresh JVM. {@link ColdStartFreePortTests} and
 * {@link ColdStartServerSocketTests} each run alone in a fresh JVM through JUnit's Console Launcher,
 * alternately, {@value #PAIRS} pairs; each JVM is timed whole, from start to exit, so freeport's work at
 * the end of the launcher session (its logs, the run report) counts. Then {@value #PHASE_PAIRS} more pairs
 * with {@link ColdStartProbe}, which marks the phases of each JVM ({@link ColdStartPhases}), and one more JVM of
 * each side, probed too, loads its classes with {@code -Xlog:class+load}, to count them, in all and per phase.
 * Writes {@code coldstart.md}.
 *
 * <p>Arguments: {@code resultsFolder [pairs]}. Needs {@code target/coldstart} beside the benchmark jar
 * (the Console Launcher and freeport's jar, copied there by the build).
 */
public final class ColdStart {

	static final int PAIRS = 20;
	static final int PHASE_PAIRS = 8;
	static final double TARGET_MILLIS = 15;
	static final String CONSOLE_JAR = "junit-platform-console-standalone.jar";
	static final String FREEPORT_JAR = "freeport.jar";
	/** The test classes and what they use, copied out of the benchmark jar onto the fresh JVMs' class path. */
	static final List<Class<?>> FIXTURES = fixtures();
	static final int LOAD_TIMINGS = 3;
	static final int PACKAGES_SHOWN = 15;

	private ColdStart() {
	}

	private static List<Class<?>> fixtures() {
		List<Class<?>> fixtures = new ArrayList<>(List.of(ColdStartFreePortTests.class, ColdStartServerSocketTests.class,
			ColdStartServer.class, ClassLoadTimer.class));
		fixtures.addAll(ColdStartPhases.probeClasses());
		return List.copyOf(fixtures);
	}

	/** One probed JVM: each phase's milliseconds. */
	static double[] probed(Path console, Side side, Path logs, Path folder) throws IOException, InterruptedException {
		Path marks = folder.resolve("coldstart-" + side.label() + ".marks");
		Files.deleteIfExists(marks);
		Timing timing = run(console, side, logs, List.of("-D" + ColdStartProbe.OUTPUT + "=" + marks));
		return ColdStartPhases.phases(timing.startNanos(), timing.endNanos(), marks);
	}

	/** One side of the pairs: a test class and the class path it runs with. */
	record Side(String label, Class<?> tests, String classPath) {
	}

	/**
	 * One JVM, timed: wall time from start to exit, and its CPU time where the OS says (else negative); its
	 * start and exit on {@link System#nanoTime()}, for the probe's phases.
	 */
	record Timing(double wallMillis, double cpuMillis, long startNanos, long endNanos) {
	}

	public static void main(String[] args) throws Exception {
		Path results = Path.of(args[0]);
		int pairs = args.length > 1 ? Integer.parseInt(args[1]) : PAIRS;
		RunConditions conditions = new RunConditions();
		Path folder = ChildJvm.benchmarkJar().getParent().resolve("coldstart");
		Path console = folder.resolve(CONSOLE_JAR);
		Path freeportJar = folder.resolve(FREEPORT_JAR);
		for (Path jar : List.of(console, freeportJar)) {
			if (!Files.isRegularFile(jar)) {
				throw new IllegalStateException("Missing " + jar + ": the benchmarks build copies it there (mvn package in"
						+ " benchmarks/, which benchmarks/run.sh runs)");
			}
		}
		Path tests = extractFixtures(folder.resolve("tests"));
		Path probe = ColdStartPhases.probeFolder(folder.resolve("probe"));
		Path logs = Path.of(System.getProperty("freeport.log.dir", "target/freeport") + "-coldstart");
		deleteTree(logs);
		Side freeport = new Side("freeport", ColdStartFreePortTests.class,
			tests + java.io.File.pathSeparator + freeportJar);
		Side baseline = new Side("baseline", ColdStartServerSocketTests.class, tests.toString());
		// one of each first, not counted: the OS caches the jars, as it has in a build that just compiled
		run(console, freeport, logs, List.of());
		run(console, baseline, logs, List.of());
		double[] with = new double[pairs];
		double[] without = new double[pairs];
		double[] paired = new double[pairs];
		double[] cpuPaired = new double[pairs];
		boolean cpuKnown = true;
		for (int i = 0; i < pairs; i++) {
			Timing f;
			Timing b;
			// alternate which side goes first, so that neither always runs on the other's leftovers
			if (i % 2 == 0) {
				f = run(console, freeport, logs, List.of());
				b = run(console, baseline, logs, List.of());
			}
			else {
				b = run(console, baseline, logs, List.of());
				f = run(console, freeport, logs, List.of());
			}
			with[i] = f.wallMillis();
			without[i] = b.wallMillis();
			paired[i] = f.wallMillis() - b.wallMillis();
			cpuPaired[i] = f.cpuMillis() - b.cpuMillis();
			cpuKnown &= f.cpuMillis() >= 0 && b.cpuMillis() >= 0;
			System.out.printf(Locale.ROOT, "[coldstart] %d: freeport %.0f ms, baseline %.0f ms, difference %+.0f ms%n", i + 1,
				f.wallMillis(), b.wallMillis(), paired[i]);
		}
		List<Double> firstAllocations = firstAllocationMillis(logs);
		Path classLogs = Path.of(System.getProperty("bench.child.logs", "target/child-logs"));
		Files.createDirectories(classLogs);
		// the phases: both sides again, with the probe after freeport's jar on the class path
		Side probedFreeport = new Side("freeport", ColdStartFreePortTests.class,
			freeport.classPath() + java.io.File.pathSeparator + probe);
		Side probedBaseline = new Side("baseline", ColdStartServerSocketTests.class,
			baseline.classPath() + java.io.File.pathSeparator + probe);
		int phasePairs = Math.max(1, Math.min(pairs, PHASE_PAIRS));
		double[][] freeportPhases = new double[phasePairs][];
		double[][] baselinePhases = new double[phasePairs][];
		for (int i = 0; i < phasePairs; i++) {
			if (i % 2 == 0) {
				freeportPhases[i] = probed(console, probedFreeport, logs, classLogs);
				baselinePhases[i] = probed(console, probedBaseline, logs, classLogs);
			}
			else {
				baselinePhases[i] = probed(console, probedBaseline, logs, classLogs);
				freeportPhases[i] = probed(console, probedFreeport, logs, classLogs);
			}
		}
		Path freeportLog = classLogs.resolve("coldstart-freeport-classes.log");
		Path baselineLog = classLogs.resolve("coldstart-baseline-classes.log");
		ClassCount freeportClasses = classes(console, probedFreeport, logs, freeportLog);
		ClassCount baselineClasses = classes(console, probedBaseline, logs, baselineLog);
		Loading loading = loadingTimes(freeportLog,
			tests + java.io.File.pathSeparator + freeportJar + java.io.File.pathSeparator + console, classLogs);
		StringBuilder phases = new StringBuilder();
		ColdStartPhases.render(phases, freeportPhases, baselinePhases, ColdStartPhases.classes(freeportLog),
			ColdStartPhases.classes(baselineLog));
		render(pairs, with, without, paired, cpuKnown ? cpuPaired : null, firstAllocations, freeportClasses, baselineClasses,
			loading, phases.toString(), conditions).writeTo(results);
	}

	/** Copies the fixtures' class files out of the benchmark jar into {@code folder}, as a class path of their own. */
	static Path extractFixtures(Path folder) throws IOException {
		for (Class<?> fixture : FIXTURES) {
			String resource = fixture.getName().replace('.', '/') + ".class";
			Path target = folder.resolve(resource);
			Files.createDirectories(target.getParent());
			try (InputStream in = ColdStart.class.getClassLoader().getResourceAsStream(resource)) {
				if (in == null) {
					throw new IllegalStateException("Cannot find " + resource + " in the benchmark jar");
				}
				Files.write(target, in.readAllBytes());
			}
		}
		return folder;
	}

	/** One fresh JVM running one side's test through the Console Launcher; fails unless the test passed. */
	static Timing run(Path console, Side side, Path logs, List<String> jvmArgs) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmArgs);
		String registry = System.getProperty("freeport.registry.dir");
		if (registry != null) {
			command.add("-Dfreeport.registry.dir=" + registry);
		}
		command.add("-Dfreeport.log.dir=" + logs);
		command.addAll(List.of("-jar", console.toString(), "execute", "--disable-banner", "--details=none", "--class-path",
			side.classPath(), "--select-class", side.tests().getName()));
		Path output = Path.of(System.getProperty("bench.child.logs", "target/child-logs"), "coldstart-" + side.label() + ".out");
		Files.createDirectories(output.getParent());
		long cpuBefore = childrenCpuMillis();
		long start = System.nanoTime();
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
		try {
			if (!process.waitFor(5, TimeUnit.MINUTES)) {
				throw new IllegalStateException(side.label() + " JVM still running after 5 minutes; output in " + output);
			}
		}
		finally {
			process.destroyForcibly();
		}
		long end = System.nanoTime();
		double wall = (end - start) / 1e6;
		long cpuAfter = childrenCpuMillis();
		if (process.exitValue() != 0) {
			throw new IllegalStateException(side.label() + " JVM exited with " + process.exitValue() + ": "
					+ Files.readString(output, StandardCharsets.UTF_8));
		}
		return new Timing(wall, cpuBefore < 0 || cpuAfter < 0 ? -1 : cpuAfter - cpuBefore, start, end);
	}

	/**
	 * The CPU time of this JVM's finished children, user and system, from {@code /proc/self/stat} (Linux;
	 * the OS counts it in ticks of 10 ms): negative where it cannot be read.
	 */
	static long childrenCpuMillis() {
		try {
			String stat = Files.readString(Path.of("/proc/self/stat"));
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
			// fields from the third (state): cutime is the 16th, cstime the 17th
			return (Long.parseLong(fields[13]) + Long.parseLong(fields[14])) * 10;
		}
		catch (IOException | RuntimeException e) {
			return -1;
		}
	}

	/** The classes one side's JVM loads, from {@code -Xlog:class+load}. */
	static ClassCount classes(Path console, Side side, Path logs, Path log) throws IOException, InterruptedException {
		Files.deleteIfExists(log);
		run(console, side, logs, List.of("-Xlog:class+load=info:file=" + log));
		return ClassCount.read(log);
	}

	/**
	 * How long a fresh JVM takes to load and link freeport's classes that the freeport side loaded (lambdas and
	 * other generated classes left out), nothing else: {@value #LOAD_TIMINGS} JVMs, milliseconds each.
	 */
	static Loading loadingTimes(Path classLog, String classPath, Path folder) throws IOException, InterruptedException {
		List<String> names = new ArrayList<>();
		for (String line : Files.readAllLines(classLog, StandardCharsets.UTF_8)) {
			int start = line.indexOf("] io.github.freeport.");
			if (start < 0 || line.contains("io.github.freeport.benchmarks.") || line.contains("$$")) {
				continue;
			}
			names.add(line.substring(start + 2, line.indexOf(' ', start + 2)));
		}
		Path list = folder.resolve("coldstart-freeport-class-names.txt");
		Files.write(list, names, StandardCharsets.UTF_8);
		double[] millis = new double[LOAD_TIMINGS];
		for (int i = 0; i < LOAD_TIMINGS; i++) {
			Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
				classPath, ClassLoadTimer.class.getName(), list.toString()).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
			if (!process.waitFor(2, TimeUnit.MINUTES) || !output.startsWith("LOADED ")) {
				process.destroyForcibly();
				throw new IllegalStateException("Timing the class loads failed: " + output);
			}
			millis[i] = Double.parseDouble(output.split(" ")[2]);
		}
		return new Loading(names.size(), millis);
	}

	/** How many classes the loading JVMs loaded, and in how many milliseconds each JVM did. */
	record Loading(int classes, double[] millis) {
	}

	/** What freeport's own trace says its first allocation took, in each freeport JVM of the run. */
	static List<Double> firstAllocationMillis(Path logs) throws IOException {
		List<Double> millis = new ArrayList<>();
		if (!Files.isDirectory(logs)) {
			return millis;
		}
		try (var files = Files.walk(logs)) {
			for (Path file : (Iterable<Path>) files::iterator) {
				String name = file.getFileName().toString();
				if (name.startsWith("events-") && name.endsWith(".jsonl")) {
					String first = Files.readString(file, StandardCharsets.UTF_8).lines().findFirst().orElse("");
					if (!first.isEmpty()) {
						JsonElement duration = JsonParser.parseString(first).getAsJsonObject().get("durationMicros");
						if (duration != null) {
							millis.add(duration.getAsDouble() / 1000);
						}
					}
				}
			}
		}
		return millis;
	}

	static void deleteTree(Path folder) throws IOException {
		if (!Files.exists(folder)) {
			return;
		}
		try (var paths = Files.walk(folder)) {
			List<Path> all = paths.sorted(java.util.Comparator.reverseOrder()).toList();
			for (Path path : all) {
				Files.deleteIfExists(path);
			}
		}
	}

	static Section render(int pairs, double[] with, double[] without, double[] paired, double[] cpuPaired,
			List<Double> firstAllocations, ClassCount freeport, ClassCount baseline, Loading loading, String phases,
			RunConditions conditions) {
		double difference = Samples.median(paired);
		StringBuilder md = new StringBuilder();
		md.append("## Cold start: the first port in a fresh JVM\n\n");
		md.append(conditions.sentence()).append("\n\n");
		md.append(String.format(Locale.ROOT, "One test that starts a server on its port and connects to it, alone in a"
				+ " fresh JVM run by JUnit's Console Launcher (`java -jar junit-platform-console-standalone.jar execute"
				+ " --select-class ...`): with `@FreePort int port`, against the same test on the port of a"
				+ " `new ServerSocket(0)` without freeport on the class path. %d pairs, alternating which side starts;"
				+ " each JVM timed from start to exit, so freeport's whole cost counts: its classes, the configuration,"
				+ " the registry, the lease and probe, the allocation log, and at the end of the launcher session the"
				+ " run report and its summary line. freeport runs with its defaults. One JVM of each side ran first,"
				+ " not counted.\n\n", pairs));
		md.append("| | median (ms) | min | max | all (ms) |\n| --- | ---: | ---: | ---: | --- |\n");
		row(md, "JVM with `@FreePort int port`", with, "%.0f");
		row(md, "JVM with `new ServerSocket(0)`", without, "%.0f");
		md.append(String.format(Locale.ROOT, "| **difference, each pair** | **%+.1f** | %+.0f | %+.0f | %s |\n", difference,
			Samples.min(paired), Samples.max(paired), Samples.join(paired, "%+.0f")));
		if (cpuPaired != null) {
			md.append(String.format(Locale.ROOT, "| difference in CPU time (user + system, all threads; 10 ms ticks), each"
					+ " pair | %+.0f | %+.0f | %+.0f | %s |\n", Samples.median(cpuPaired), Samples.min(cpuPaired),
				Samples.max(cpuPaired), Samples.join(cpuPaired, "%+.0f")));
		}
		if (!firstAllocations.isEmpty()) {
			double[] first = firstAllocations.stream().mapToDouble(Double::doubleValue).toArray();
			md.append(String.format(Locale.ROOT, "| the first allocation in freeport's own trace (from the request to a"
					+ " probed port), each freeport JVM | %.1f | %.1f | %.1f | |\n", Samples.median(first), Samples.min(first),
				Samples.max(first)));
		}
		String verdict = difference <= TARGET_MILLIS
				? String.format(Locale.ROOT, "**met**: %+.1f ms per JVM (median of %d pairs)", difference, pairs)
				: String.format(Locale.ROOT, "**not met**: %+.1f ms per JVM (median of %d pairs), %.1f ms over", difference,
					pairs, difference - TARGET_MILLIS);
		md.append(String.format(Locale.ROOT, "\nTarget: **the first `@FreePort` adds ≤ %.0f ms to a fresh test JVM.**"
				+ " Verdict: %s.\n\n", TARGET_MILLIS, verdict));
		md.append(phases);
		md.append(String.format(Locale.ROOT, "Classes loaded (one more JVM of each side with `-Xlog:class+load`): %,d with"
				+ " `@FreePort`, %,d with `new ServerSocket(0)`: **%+,d**, of which %,d are freeport's own. Where the"
				+ " others come from, by package (lambdas and other generated classes count with the package that made"
				+ " them):\n\n", freeport.total(), baseline.total(), freeport.total() - baseline.total(),
			freeport.inPackagesStartingWith("io.github.freeport")));
		md.append("| package | classes more with `@FreePort` |\n| --- | ---: |\n");
		List<Map.Entry<String, Integer>> more = freeport.moreThan(baseline);
		int shown = 0;
		int rest = 0;
		for (Map.Entry<String, Integer> entry : more) {
			if (entry.getKey().startsWith("io.github.freeport")) {
				continue;
			}
			if (shown < PACKAGES_SHOWN) {
				md.append("| `").append(entry.getKey()).append("` | ").append(entry.getValue()).append(" |\n");
				shown++;
			}
			else {
				rest += entry.getValue();
			}
		}
		if (rest > 0) {
			md.append("| other packages | ").append(rest).append(" |\n");
		}
		md.append('\n');
		double loadingMillis = Samples.median(loading.millis());
		md.append(String.format(Locale.ROOT, "A fresh JVM that only loads and links the %d classes of freeport's jar that the"
				+ " freeport side loaded (generated classes left out), nothing else, takes %.1f ms for them (median of %d"
				+ " JVMs: %s): in a JVM that has just started, loading a class from a jar runs the class loader's own code"
				+ " in the interpreter, so each class freeport needs on the way to its first port costs about %.2f ms"
				+ " here.\n\n", loading.classes(), loadingMillis, loading.millis().length, Samples.join(loading.millis(), "%.1f"),
			loadingMillis / Math.max(1, loading.classes())));
		md.append("The difference is what a user pays once per test JVM: every Surefire fork, every test class under"
				+ " `reuseForks=false`, every Gradle `forkEvery` JVM, every single test run from an IDE. The machine's load"
				+ " falls on both sides of a pair alike; the spread of the pairs shows how much it moved.\n");
		return new Section("coldstart", "the first `@FreePort` adds ≤ " + (int) TARGET_MILLIS + " ms to a fresh JVM",
			verdict, md.toString());
	}

	private static void row(StringBuilder md, String label, double[] values, String format) {
		md.append("| ").append(label).append(" | ").append(String.format(Locale.ROOT, format, Samples.median(values)))
			.append(" | ").append(String.format(Locale.ROOT, format, Samples.min(values))).append(" | ")
			.append(String.format(Locale.ROOT, format, Samples.max(values))).append(" | ")
			.append(Samples.join(values, format)).append(" |\n");
	}
}
