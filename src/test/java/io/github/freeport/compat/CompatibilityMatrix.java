package io.github.freeport.compat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import io.github.freeport.testsupport.UnderCi;

/**
 * Runs the compatibility matrix, leg after leg (they share fixed port ranges, so never two at once), and prints
 * one line per leg: passed or failed with its time, or skipped with the reason. A leg whose JDK is missing (or
 * of another version) is skipped with a warning, and fails the build under CI ({@link UnderCi}); a leg whose
 * JUnit jars were not copied is a mistake in {@code pom.xml} and fails everywhere.
 *
 * <p>Arguments, each {@code --name=value}: {@code legs} (whitespace-separated {@link CompatibilityLeg}s),
 * {@code tests} (the usual class name regex), {@code jdk} ({@code <feature>=<JDK folder>}, once per Java
 * version), {@code also} ({@code <feature>=<what else needs that JDK>}, for the messages), {@code test-classes},
 * {@code classes}, {@code class-path-beyond-junit}, {@code jars}, {@code registry}, {@code reports}.
 */
public final class CompatibilityMatrix {

	private static final Duration LEG_TIMEOUT = Duration.ofMinutes(20);

	private CompatibilityMatrix() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, List<String>> options = options(args);
		List<CompatibilityLeg> legs = CompatibilityLeg.parseAll(one(options, "legs"));
		String usualTests = one(options, "tests");
		Map<Integer, JdkHome> jdks = keyed(options, "jdk");
		Map<Integer, List<String>> also = new LinkedHashMap<>();
		options.getOrDefault("also", List.of()).forEach(value -> {
			String[] parts = value.split("=", 2);
			also.computeIfAbsent(Integer.parseInt(parts[0]), k -> new ArrayList<>()).add(parts[1]);
		});
		MatrixBuild build = new MatrixBuild(Path.of(one(options, "test-classes")), Path.of(one(options, "classes")),
			one(options, "class-path-beyond-junit"), Path.of(one(options, "jars")), Path.of(one(options, "registry")),
			Path.of(one(options, "reports")));
		boolean underCi = UnderCi.in(System::getenv);

		List<String> mistakes = mistakes(legs, jdks, build);
		if (!mistakes.isEmpty()) {
			mistakes.forEach(m -> System.out.println("[compat] ERROR " + m));
			System.exit(2);
		}
		List<String> summary = new ArrayList<>();
		boolean failed = false;
		for (CompatibilityLeg leg : legs) {
			JdkHome jdk = jdks.get(leg.java());
			Optional<String> unfit = jdk.unfitFor(leg.java());
			if (unfit.isPresent()) {
				summary.add(String.format("%-36s SKIPPED: %s", leg, unfit.get()));
				failed |= underCi;
				continue;
			}
			System.out.println("[compat] " + leg + ": " + jdk.home());
			long start = System.nanoTime();
			int exit = run(leg.command(build, jdk.java(), usualTests));
			String time = String.format("%.1f s", (System.nanoTime() - start) / 1e9);
			summary.add(String.format("%-36s %s in %s, reports in %s", leg, exit == 0 ? "passed" : "FAILED (exit " + exit + ")",
				time, build.reports().resolve("reports-" + leg.id())));
			failed |= exit != 0;
		}
		List<String> skippedJdks = skippedJdks(legs, jdks, also);
		System.out.println("[compat] Compatibility matrix, " + legs.size() + " legs:");
		summary.forEach(line -> System.out.println("[compat]   " + line));
		for (String line : skippedJdks) {
			System.out.println("[compat] " + (underCi ? "ERROR under CI (CI=" + System.getenv("CI") + "), which must run every cell: "
				: "WARNING ") + line);
		}
		Files.createDirectories(build.reports());
		Files.write(build.reports().resolve("summary.txt"), summary);
		System.exit(failed ? 1 : 0);
	}

	/** What makes the configuration unusable, whatever the host has: a Java version without a JDK option, jars not copied. */
	static List<String> mistakes(List<CompatibilityLeg> legs, Map<Integer, JdkHome> jdks, MatrixBuild build) {
		List<String> mistakes = new ArrayList<>();
		for (CompatibilityLeg leg : legs) {
			if (!jdks.containsKey(leg.java())) {
				mistakes.add(leg + " needs a JDK " + leg.java() + ": add <argument>--jdk=" + leg.java() + "=${java" + leg.java()
					+ ".home}</argument> to the compatibility-matrix execution in pom.xml, and a property java" + leg.java()
					+ ".home");
			}
			for (String jar : List.of("console-standalone.jar", "testkit.jar")) {
				Path file = build.jars().resolve("junit-" + leg.jupiter()).resolve(jar);
				if (!Files.isRegularFile(file)) {
					mistakes.add(leg + " needs " + file + ": add JUnit " + leg.jupiter() + " (platform " + leg.platform()
						+ ") to the execution copy-compat-matrix-junit in pom.xml");
				}
			}
		}
		return mistakes;
	}

	/** One line per missing JDK: which legs and other cells it leaves out, and how to provide it. */
	static List<String> skippedJdks(List<CompatibilityLeg> legs, Map<Integer, JdkHome> jdks, Map<Integer, List<String>> also) {
		List<String> lines = new ArrayList<>();
		for (int java : new TreeSet<>(jdks.keySet())) {
			Optional<String> unfit = jdks.get(java).unfitFor(java);
			List<String> cells = new ArrayList<>();
			legs.stream().filter(leg -> leg.java() == java).forEach(leg -> cells.add(leg.toString()));
			if (unfit.isEmpty() || cells.isEmpty()) {
				continue;
			}
			cells.addAll(also.getOrDefault(java, List.of()));
			lines.add("the Java " + java + " cells did not run (" + String.join("; ", cells) + "): " + unfit.get()
				+ ". Install a JDK " + java + " there, or point -Djava" + java + ".home=/path/to/jdk-" + java + " at one");
		}
		return lines;
	}

	private static int run(List<String> command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).inheritIO().start();
		try {
			if (!process.waitFor(LEG_TIMEOUT.toMinutes(), TimeUnit.MINUTES)) {
				System.out.println("[compat] ERROR the leg did not finish within " + LEG_TIMEOUT.toMinutes() + " min: killed");
				return -1;
			}
			return process.exitValue();
		}
		finally {
			process.descendants().forEach(ProcessHandle::destroyForcibly);
			process.destroyForcibly();
		}
	}

	private static Map<String, List<String>> options(String[] args) {
		Map<String, List<String>> options = new LinkedHashMap<>();
		for (String arg : args) {
			int equals = arg.indexOf('=');
			if (!arg.startsWith("--") || equals < 0) {
				throw new IllegalArgumentException("Invalid argument '" + arg + "': expected --name=value");
			}
			options.computeIfAbsent(arg.substring(2, equals), k -> new ArrayList<>()).add(arg.substring(equals + 1));
		}
		return options;
	}

	private static String one(Map<String, List<String>> options, String name) {
		List<String> values = options.getOrDefault(name, List.of());
		if (values.size() != 1) {
			throw new IllegalArgumentException("Expected one --" + name + "=..., found " + values.size());
		}
		return values.get(0);
	}

	private static Map<Integer, JdkHome> keyed(Map<String, List<String>> options, String name) {
		Map<Integer, JdkHome> result = new LinkedHashMap<>();
		for (String value : options.getOrDefault(name, List.of())) {
			String[] parts = value.split("=", 2);
			result.put(Integer.parseInt(parts[0]), new JdkHome(Path.of(parts[1])));
		}
		return result;
	}
}
