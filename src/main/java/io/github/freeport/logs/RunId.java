package io.github.freeport.logs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.regex.Pattern;

import io.github.freeport.FreePort;
import io.github.freeport.config.Configuration;
import io.github.freeport.config.Configuration.Setting;

/**
 * The run id that all forks of one build share, and the folder it names.
 *
 * <ol>
 * <li>{@value FreePort#RUN_ID_PROPERTY_NAME} when set (CI: the build number);</li>
 * <li>else, in a JVM forked by Maven Surefire or Failsafe, the parent process (the {@code mvn} JVM, which
 * lives for exactly one build): its start time and pid, so every fork of the build lands in one folder;</li>
 * <li>else this JVM's own start time and pid: an IDE, the console launcher, a Gradle worker. Gradle's
 * parent is its daemon, which outlives builds, so a parent-based id would merge unrelated builds; Gradle
 * users with several forks set the property.</li>
 * </ol>
 * A clock rounded to the minute was rejected: forks that start either side of a boundary would split.
 */
final class RunId {

	static final String ALLOWED = "1 to 100 letters, digits, '.', '_' or '-', starting with a letter or digit";

	private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
	private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
		.withZone(ZoneId.systemDefault());
	private static final java.util.Set<String> SHELLS = java.util.Set.of("sh", "bash", "dash", "zsh", "ksh", "ash",
		"cmd.exe", "cmd", "powershell.exe", "pwsh", "pwsh.exe");
	private static final String DERIVED = derive();

	private RunId() {
	}

	static String of(Configuration configuration) {
		Optional<Setting> explicit = configuration.get(FreePort.RUN_ID_PROPERTY_NAME);
		if (explicit.isPresent()) {
			if (!VALID.matcher(explicit.get().value()).matches()) {
				throw explicit.get().invalid(ALLOWED);
			}
			return explicit.get().value();
		}
		return DERIVED;
	}

	/** The log folder: {@value FreePort#LOG_DIR_PROPERTY_NAME}, else {@code target/freeport} (Gradle: {@code build/freeport}). */
	static Path logDir(Configuration configuration) {
		Optional<Setting> configured = configuration.get(FreePort.LOG_DIR_PROPERTY_NAME);
		if (configured.isPresent()) {
			try {
				return Path.of(configured.get().value()).toAbsolutePath().normalize();
			}
			catch (RuntimeException e) {
				throw configured.get().invalid("a folder path");
			}
		}
		Path workingDir = Path.of("").toAbsolutePath();
		boolean gradle = !Files.exists(workingDir.resolve("pom.xml"))
				&& (Files.exists(workingDir.resolve("build.gradle")) || Files.exists(workingDir.resolve("build.gradle.kts")));
		return workingDir.resolve(gradle ? "build" : "target").resolve("freeport");
	}

	private static String derive() {
		ProcessHandle self = ProcessHandle.current();
		if (forkedBySurefire()) {
			// Surefire starts each fork through a shell of its own ("sh -c cd ... && java ..."): skip shells
			Optional<ProcessHandle> parent = self.parent();
			for (int hops = 0; hops < 4 && parent.isPresent() && isShell(parent.get()); hops++) {
				parent = parent.get().parent();
			}
			Optional<Instant> parentStart = parent.flatMap(p -> p.info().startInstant());
			if (parentStart.isPresent()) {
				return STAMP.format(parentStart.get()) + "-" + parent.get().pid();
			}
		}
		return STAMP.format(self.info().startInstant().orElseGet(Instant::now)) + "-" + self.pid();
	}

	private static boolean isShell(ProcessHandle process) {
		String command = process.info().command().orElse("");
		String name = command.substring(Math.max(command.lastIndexOf('/'), command.lastIndexOf('\\')) + 1)
			.toLowerCase(java.util.Locale.ROOT);
		return SHELLS.contains(name);
	}

	private static boolean forkedBySurefire() {
		return System.getProperty("surefire.real.class.path") != null
				|| System.getProperty("surefire.test.class.path") != null;
	}
}
