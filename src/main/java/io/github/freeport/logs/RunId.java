package io.github.freeport.logs;

import java.nio.file.Path;
import java.time.Instant;
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
 * <li>else this JVM's pid and the time the run id was first needed (about when the JVM started): an IDE, the
 * console launcher, a Gradle worker. Gradle's parent is its daemon, which outlives builds, so a parent-based
 * id would merge unrelated builds; Gradle users with several forks set the property.</li>
 * </ol>
 * Times are UTC, {@code yyyyMMdd-HHmmss}, worked out by hand: a test JVM's first port should not pay for
 * loading time zones and a date formatter. Outside Surefire, no other process is looked at.
 * A clock rounded to the minute was rejected: forks that start either side of a boundary would split.
 */
final class RunId {

	private RunId() {
	}

	static String of(Configuration configuration) {
		Optional<String> configured = configuration.configured(KeyTable.RUN_ID);
		return configured.isPresent() ? configured.get() : Derived.ID;
	}

	/** The derived id, worked out once, when first needed: not when a run id is configured. */
	private static final class Derived {

		static final String ID = derive();
	}

	private static String derive() {
		if (forkedBySurefire()) {
			Optional<ProcessHandle> build = buildJvm(ProcessHandle.current());
			if (build.isPresent()) {
				Optional<Instant> buildStart = build.get().info().startInstant();
				if (buildStart.isPresent()) {
					return stamp(buildStart.get().toEpochMilli()) + "-" + build.get().pid();
				}
			}
		}
		return stamp(System.currentTimeMillis()) + "-" + EventLog.pid();
	}

	/** {@code yyyyMMdd-HHmmss} of a time, in UTC. */
	static String stamp(long epochMillis) {
		return UtcTimes.stamp(epochMillis);
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
		Optional<String> command = process.info().command();
		if (command.isEmpty()) {
			return false;
		}
		Path name = Path.of(command.get()).getFileName();
		String file = name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
		return file.equals("java") || file.equals("java.exe");
	}

	private static boolean forkedBySurefire() {
		return System.getProperty("surefire.real.class.path") != null
				|| System.getProperty("surefire.test.class.path") != null;
	}
}
