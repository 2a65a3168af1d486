package io.github.freeport.compat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A JDK's folder, and the Java feature version its {@code release} file names. */
record JdkHome(Path home) {

	private static final Pattern JAVA_VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)");

	Path java() {
		boolean windows = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("windows");
		return home.resolve("bin").resolve(windows ? "java.exe" : "java");
	}

	/** The feature version ({@code 17} for {@code JAVA_VERSION="17.0.15"}), or empty where this is no JDK. */
	Optional<Integer> feature() {
		if (!Files.isExecutable(java())) {
			return Optional.empty();
		}
		try {
			Matcher version = JAVA_VERSION.matcher(Files.readString(home.resolve("release")));
			return version.find() ? Optional.of(Integer.parseInt(version.group(1))) : Optional.empty();
		}
		catch (IOException e) {
			return Optional.empty();
		}
	}

	/** Why this folder cannot run a leg that needs Java {@code wanted}, or empty where it can. */
	Optional<String> unfitFor(int wanted) {
		Optional<Integer> feature = feature();
		if (feature.isEmpty()) {
			return Optional.of("no JDK at " + home + " (no executable bin/java, or no JAVA_VERSION in its release file)");
		}
		if (feature.get() != wanted) {
			return Optional.of(home + " is Java " + feature.get() + ", not " + wanted);
		}
		return Optional.empty();
	}
}
