package io.github.freeport.compat;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One cell of the matrix: a JUnit Jupiter version on a Java feature version, written {@code 5.12.2@17}, or
 * {@code 5.12.2@17:<class name regex>} to run other tests than the matrix's usual ones.
 *
 * @param jupiter the JUnit Jupiter version, e.g. {@code 5.12.2} or {@code 6.1.3}
 * @param java the Java feature version, e.g. {@code 17}
 * @param tests the class name regex of the tests to run, where not the matrix's usual ones
 */
record CompatibilityLeg(String jupiter, int java, Optional<String> tests) {

	private static final Pattern SPEC = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)@(\\d+)(?::(.+))?");

	/** Parses {@code <jupiter>@<java>[:<class name regex>]}; fails naming the spec and the expected form. */
	static CompatibilityLeg parse(String spec) {
		Matcher matcher = SPEC.matcher(spec.trim());
		if (!matcher.matches()) {
			throw new IllegalArgumentException("Invalid compatibility leg '" + spec + "' in compat.legs: expected"
				+ " <JUnit Jupiter version>@<Java feature version>[:<class name regex>], e.g. 5.12.2@17");
		}
		return new CompatibilityLeg(matcher.group(1) + "." + matcher.group(2) + "." + matcher.group(3),
			Integer.parseInt(matcher.group(4)), Optional.ofNullable(matcher.group(5)));
	}

	/** All legs of a whitespace-separated list. */
	static List<CompatibilityLeg> parseAll(String specs) {
		List<CompatibilityLeg> legs = new ArrayList<>();
		for (String spec : specs.trim().split("\\s+")) {
			if (!spec.isEmpty()) {
				legs.add(parse(spec));
			}
		}
		return legs;
	}

	/** The JUnit Platform version that goes with the Jupiter version: 1.x.y for 5.x.y, the same from 6.0 on. */
	String platform() {
		String[] parts = jupiter.split("\\.");
		return Integer.parseInt(parts[0]) == 5 ? "1." + parts[1] + "." + parts[2] : jupiter;
	}

	/** Names the leg in file names and logs: {@code junit-5.12.2-java17}. */
	String id() {
		return "junit-" + jupiter + "-java" + java;
	}

	@Override
	public String toString() {
		return "JUnit " + jupiter + " on Java " + java + tests.map(t -> " (tests " + t + ")").orElse("");
	}

	/**
	 * The command that runs this leg: {@code java} of the leg's JDK, the JUnit Console Launcher of its version,
	 * the test classes and their JUnit-free class path plus the test kit of its version.
	 *
	 * @param build where the build's files are
	 * @param java the leg's {@code java} executable
	 * @param usualTests the class name regex of the tests every leg runs unless it names its own
	 */
	List<String> command(MatrixBuild build, Path java, String usualTests) {
		Path jars = build.jars().resolve("junit-" + jupiter);
		String classPath = String.join(File.pathSeparator, build.testClasses().toString(), build.classes().toString(),
			jars.resolve("testkit.jar").toString(), build.classPathBeyondJUnit());
		return List.of(java.toString(),
			"-Dfreeport.registry.dir=" + build.registry(),
			"-Dcompat.expected.jupiter=" + jupiter,
			"-Dcompat.expected.platform=" + platform(),
			"-Dcompat.expected.java=" + this.java,
			"-jar", jars.resolve("console-standalone.jar").toString(),
			"execute", "--disable-banner", "--details=summary", "--fail-if-no-tests",
			"--class-path=" + classPath,
			"--scan-class-path=" + build.testClasses(),
			"--include-classname=" + tests.orElse(usualTests),
			"--reports-dir=" + build.reports().resolve("reports-" + id()));
	}
}
