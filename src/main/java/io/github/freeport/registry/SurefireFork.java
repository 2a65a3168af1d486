package io.github.freeport.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.StringTokenizer;

/**
 * The fork number of a JVM forked by Maven Surefire or Failsafe, read from the booter's command line: they
 * set no system property for it, but name the fork's dump files {@code <time>-jvmRun<fork number>} and pass
 * that prefix to the booter. A hint for humans in the registry's metadata and logs, so that a suite that sets
 * nothing still shows which fork holds a port; a fork property set by the build wins.
 */
final class SurefireFork {

	private static final String DUMP_MARK = "-jvmRun";

	private SurefireFork() {
	}

	/**
	 * The fork number in a Surefire booter's {@code sun.java.command}, or empty for any other command. Read by
	 * hand, without regular expressions: every JVM reads it on the way to its first port.
	 */
	static Optional<String> number(String javaCommand) {
		if (javaCommand == null) {
			return Optional.empty();
		}
		List<String> words = words(javaCommand);
		if (words.size() < 3 || !isBooter(words.get(0))) {
			return Optional.empty();
		}
		for (int i = 1; i < words.size(); i++) {
			String number = forkNumber(words.get(i));
			if (number != null) {
				return Optional.of(number);
			}
		}
		return Optional.empty();
	}

	/** The words of a command line, split at white space. */
	private static List<String> words(String command) {
		List<String> words = new ArrayList<>();
		for (StringTokenizer tokens = new StringTokenizer(command); tokens.hasMoreTokens();) {
			words.add(tokens.nextToken());
		}
		return words;
	}

	/** The digits after a word's last {@code -jvmRun} when they end it, else {@code null}. */
	private static String forkNumber(String word) {
		int at = word.lastIndexOf(DUMP_MARK);
		if (at < 0 || at + DUMP_MARK.length() == word.length()) {
			return null;
		}
		for (int i = at + DUMP_MARK.length(); i < word.length(); i++) {
			if (word.charAt(i) < '0' || word.charAt(i) > '9') {
				return null;
			}
		}
		return word.substring(at + DUMP_MARK.length());
	}

	private static boolean isBooter(String main) {
		String name = main.substring(Math.max(main.lastIndexOf('/'), main.lastIndexOf('\\')) + 1);
		return name.startsWith("surefirebooter") && name.endsWith(".jar")
				|| main.equals("org.apache.maven.surefire.booter.ForkedBooter");
	}
}
