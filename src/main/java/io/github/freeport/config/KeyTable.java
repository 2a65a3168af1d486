package io.github.freeport.config;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.github.freeport.allocation.PortRange;
import io.github.freeport.allocation.PortStrategy;
import io.github.freeport.allocation.ProbeAddress;
import io.github.freeport.registry.FileLockRegistry;
import io.github.freeport.registry.RegistryFolder;
import org.apiguardian.api.API;

/**
 * The table of every configuration key: name, environment variable, what it accepts, default, the built-in
 * profiles' values and what it does. Lookup, validation, the effective configuration (log, {@code doctor},
 * run report) and the table in {@code docs/configuration.md} all come from here; a test fails when the
 * docs and this table differ.
 */
@API(status = INTERNAL)
public final class KeyTable {

	/** The built-in profiles, by name. */
	static final String LOCAL = "local";
	static final String CI = "ci";
	static final String SHARED_HOST = "shared-host";

	public static final Key<String> PROFILE = Key.of(Keys.PROFILE, ValueType.PROFILE_NAME,
		"The profile whose defaults apply ([profiles](#profiles)).")
		.unsetMeans("`ci` when the `CI` environment variable is set (and not `false`), else `local`");

	public static final Key<PortRange> RANGE = Key.of(Keys.RANGE, ValueType.RANGE,
		"The ports to pick from, inclusive; the OS ephemeral range is left out of it.")
		.byDefault(PortRange.DEFAULT.toString()).inProfiles();

	public static final Key<PortStrategy> STRATEGY = Key.of(Keys.STRATEGY, ValueType.STRATEGY,
		"The order in which the range is tried ([strategies](#strategies)).")
		.byDefault("random").inProfiles(LOCAL, "scan", CI, "random", SHARED_HOST, "random");

	public static final Key<Duration> EXHAUSTION_TIMEOUT = Key.of(Keys.EXHAUSTION_TIMEOUT, ValueType.DURATION,
		"How long to wait for a port when the whole range is taken.")
		.byDefault("10s").inProfiles(LOCAL, "5s", CI, "30s", SHARED_HOST, "60s");

	public static final Key<Duration> QUARANTINE = Key.of(Keys.QUARANTINE, ValueType.DURATION,
		"How long a range port this JVM released is tried after all others, the longest released first ([quarantine](#quarantine)); `0s` turns it off.")
		.byDefault("2s").inProfiles(LOCAL, "1s", CI, "2s", SHARED_HOST, "10s");

	public static final Key<ProbeAddress> PROBE_ADDRESS = Key.of(Keys.PROBE_ADDRESS, ValueType.PROBE_ADDRESS,
		"The address the bind probe checks: the one the code under test binds ([probe address](#probe-address)).")
		.byDefault("wildcard").inProfiles(LOCAL, "wildcard", CI, "wildcard", SHARED_HOST, "wildcard");

	public static final Key<Path> REGISTRY_DIR = Key.of(Keys.REGISTRY_DIR, ValueType.FOLDER,
		"The registry folder: one you own, not writable by others, on a local disk (created owner-only).")
		.byDefault(new Computed(Computed.REGISTRY_DIR), "`<java.io.tmpdir>/freeport-<user>`")
		.defaultDescribedAs("default " + Keys.REGISTRY_DIR);

	public static final Key<Boolean> REGISTRY_REQUIRED = Key.of(Keys.REGISTRY_REQUIRED, ValueType.FLAG,
		"Whether a registry folder where file locks are unreliable (a network file system) is refused, not just warned about.")
		.byDefault("false").inProfiles(LOCAL, "false", CI, "false", SHARED_HOST, "true");

	public static final Key<Path> LOG_DIR = Key.of(Keys.LOG_DIR, ValueType.FOLDER,
		"The folder of the allocation logs, one sub-folder per run ([logs](logs.md#the-run-folder)).")
		.byDefault(new Computed(Computed.LOG_DIR),
			"`target/freeport` under the working directory (`build/freeport` in a Gradle project)");

	public static final Key<Boolean> LOG_ATTACH = Key.of(Keys.LOG_ATTACH, ValueType.FLAG,
		"Whether each reservation's trace is attached to its test as a file ([logs](logs.md#the-attached-file-and-what-it-costs)); report entries and JSON Lines stay.")
		.unsetMeans("attached where Open Test Reporting is on (`junit.platform.reporting.open.xml.enabled=true`), the"
				+ " report that keeps attached files");

	public static final Key<String> RUN_ID = Key.of(Keys.RUN_ID, ValueType.RUN_ID,
		"Names the run's log folder, shared by all forks of one build; on CI the build number ([logs](logs.md#the-run-folder)).")
		.unsetMeans("derived from the `mvn` JVM that forked this one, else from this JVM");

	public static final Key<String> FORK = Key.of(Keys.FORK, ValueType.TEXT,
		"A hint for people in traces and logs, where the build tool gives no fork id; read from system properties only.")
		.systemPropertyOnly()
		.byDefault(new Computed(Computed.FORK),
			"the build tool's fork id (`surefire.forkNumber`, `org.gradle.test.worker`), which comes first where set;"
					+ " else a Surefire or Failsafe fork's number, from its booter's command line");

	public static final Key<Double> CHAOS_PROBABILITY = Key.of(Keys.CHAOS_PROBABILITY, ValueType.PROBABILITY,
		"The chance that a `@FreePort` declaration's first preferred port is occupied before it is tried ([chaos](conflicts.md)).")
		.byDefault("0");

	public static final Key<Long> CHAOS_SEED = Key.of(Keys.CHAOS_SEED, ValueType.WHOLE_NUMBER,
		"The seed that makes chaos's choices repeatable.")
		.unsetMeans("drawn once per JVM, and printed");

	/** Every key, in the order the docs and the effective configuration list them. */
	public static final List<Key<?>> ALL = List.of(PROFILE, RANGE, STRATEGY, EXHAUSTION_TIMEOUT, QUARANTINE,
		PROBE_ADDRESS, REGISTRY_DIR, REGISTRY_REQUIRED, LOG_DIR, LOG_ATTACH, RUN_ID, FORK, CHAOS_PROBABILITY, CHAOS_SEED);

	private static final Map<String, Key<?>> BY_NAME = byName(ALL);

	private KeyTable() {
	}

	private static Map<String, Key<?>> byName(List<Key<?>> keys) {
		Map<String, Key<?>> byName = new HashMap<>();
		for (Key<?> key : keys) {
			byName.put(key.name(), key);
		}
		return Map.copyOf(byName);
	}

	/**
	 * The defaults worked out when asked for, as a plain class rather than lambdas: the table is loaded on the
	 * way to a test JVM's first port, where linking a lambda costs more than looking a key up.
	 */
	private static final class Computed implements Supplier<String> {

		static final int REGISTRY_DIR = 0;
		static final int LOG_DIR = 1;
		static final int FORK = 2;

		private final int which;

		Computed(int which) {
			this.which = which;
		}

		@Override
		public String get() {
			switch (which) {
				case REGISTRY_DIR:
					return RegistryFolder.defaultPath().toString();
				case LOG_DIR:
					return workingDirectoryLogs();
				default:
					return FileLockRegistry.fork();
			}
		}
	}

	/** The row of a key name; {@code null} for a name that is not a key. */
	public static Key<?> byName(String name) {
		return BY_NAME.get(name);
	}

	/** {@code target/freeport} under the working directory, {@code build/freeport} in a Gradle project. */
	private static String workingDirectoryLogs() {
		Path workingDir = Path.of("").toAbsolutePath();
		boolean gradle = !Files.exists(workingDir.resolve("pom.xml"))
				&& (Files.exists(workingDir.resolve("build.gradle")) || Files.exists(workingDir.resolve("build.gradle.kts")));
		return workingDir.resolve(gradle ? "build" : "target").resolve("freeport").toString();
	}
}
