package io.github.freeport.registry;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fork number of a JVM forked by Maven Surefire or Failsafe, read from the booter's command line: they
 * set no system property for it, but name the fork's dump files {@code <time>-jvmRun<fork number>} and pass
 * that prefix to the booter. A hint for humans in the registry's metadata and logs, so that a suite that sets
 * nothing still shows which fork holds a port; a fork property set by the build wins.
 */
final class SurefireFork {

	private static final Pattern DUMP_PREFIX = Pattern.compile("-jvmRun(\\d+)$");

	private SurefireFork() {
	}

	/** The fork number in a Surefire booter's {@code sun.java.command}, or empty for any other command. */
	static Optional<String> number(String javaCommand) {
		if (javaCommand == null) {
			return Optional.empty();
		}
		String[] words = javaCommand.trim().split("\\s+");
		if (words.length < 3 || !isBooter(words[0])) {
			return Optional.empty();
		}
		for (int i = 1; i < words.length; i++) {
			Matcher matcher = DUMP_PREFIX.matcher(words[i]);
			if (matcher.find()) {
				return Optional.of(matcher.group(1));
			}
		}
		return Optional.empty();
	}

	private static boolean isBooter(String main) {
		String name = main.substring(Math.max(main.lastIndexOf('/'), main.lastIndexOf('\\')) + 1);
		return name.startsWith("surefirebooter") && name.endsWith(".jar")
				|| main.equals("org.apache.maven.surefire.booter.ForkedBooter");
	}
}
