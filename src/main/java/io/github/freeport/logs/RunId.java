package io.github.freeport.logs;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

import io.github.freeport.config.Configuration;
import io.github.freeport.config.KeyTable;
import io.github.freeport.config.Keys;

/**
 * The run id that all forks of one build share, and the folder it names.
 *
 * <ol>
 * <li>{@value Keys#RUN_ID} when set (CI: the build number);</li>
 * <li>else, in a JVM forked by Maven Surefire or Failsafe, the {@code mvn} JVM, which lives for exactly one
 * build (the nearest Java ancestor: Surefire forks through a shell): its start time and pid, so every fork of
 * the build lands in one folder;</li>
 * <li>else this JVM's own start time and pid: an IDE, the console launcher, a Gradle worker. Gradle's
 * parent is its daemon, which outlives builds, so a parent-based id would merge unrelated builds; Gradle
 * users with several forks set the property.</li>
 * </ol>
 * A clock rounded to the minute was rejected: forks that start either side of a boundary would split.
 */
final class RunId {

	static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
		.withZone(ZoneId.systemDefault());
	private static final String DERIVED = derive();

	private RunId() {
	}

	static String of(Configuration configuration) {
		return configuration.configured(KeyTable.RUN_ID).orElse(DERIVED);
	}

	private static String derive() {
		ProcessHandle self = ProcessHandle.current();
		if (forkedBySurefire()) {
			Optional<ProcessHandle> build = buildJvm(self);
			Optional<Instant> buildStart = build.flatMap(p -> p.info().startInstant());
			if (buildStart.isPresent()) {
				return STAMP.format(buildStart.get()) + "-" + build.get().pid();
			}
		}
		return STAMP.format(self.info().startInstant().orElseGet(Instant::now)) + "-" + self.pid();
	}

	/**
	 * The JVM that forked this one: the nearest ancestor that runs {@code java}. Surefire starts each fork
	 * through a shell of its own ({@code /bin/sh -c "cd ... && java ..."}; {@code cmd.exe /C} on Windows), so
	 * the direct parent differs between forks of one build. Without a Java ancestor within a few levels: the parent.
	 */
	static Optional<ProcessHandle> buildJvm(ProcessHandle self) {
		Optional<ProcessHandle> ancestor = self.parent();
		for (int level = 0; level < 3 && ancestor.isPresent(); level++) {
			if (runsJava(ancestor.get())) {
				return ancestor;
			}
			ancestor = ancestor.get().parent();
		}
		return self.parent();
	}

	private static boolean runsJava(ProcessHandle process) {
		return process.info().command()
			.map(command -> Path.of(command).getFileName().toString().toLowerCase(Locale.ROOT))
			.filter(name -> name.equals("java") || name.equals("java.exe"))
			.isPresent();
	}

	private static boolean forkedBySurefire() {
		return System.getProperty("surefire.real.class.path") != null
				|| System.getProperty("surefire.test.class.path") != null;
	}
}
