package io.github.freeport.config;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.github.freeport.FreePortException;
import io.github.freeport.allocation.PortRange;
import io.github.freeport.allocation.PortStrategy;
import io.github.freeport.allocation.ProbeAddress;
import io.github.freeport.registry.FileLockRegistry;
import org.apiguardian.api.API;

/**
 * freeport's settings, with one precedence: an annotation attribute (handled by the caller) over a
 * configuration parameter (under JUnit: system property or {@code junit-platform.properties}; elsewhere:
 * system property) over an environment variable ({@code freeport.exhaustion.timeout} →
 * {@code FREEPORT_EXHAUSTION_TIMEOUT}) over the active {@link Profile} over the built-in default. The keys,
 * what they accept and their defaults are the {@link KeyTable}'s.
 *
 * <p>The profile is {@value Keys#PROFILE}, else {@code ci} when the {@code CI} environment variable is set,
 * else {@code local}. An invalid value is an error that names the key, the value and what is allowed,
 * never a silent default.
 */
@API(status = INTERNAL)
public final class Configuration {

	/**
	 * {@code freeport.} names that are not freeport's settings and are never errors: {@code freeport.version} is
	 * the usual build property for this library's version, and Maven hands {@code -Dfreeport.version=...} to every
	 * Surefire and Failsafe fork as a system property.
	 */
	static final Set<String> NOT_SETTINGS = Set.of("freeport.version");

	/** The built-in defaults, under every profile. */
	public static final PortRange DEFAULT_RANGE = KeyTable.RANGE.defaultValue();
	public static final Duration DEFAULT_EXHAUSTION_TIMEOUT = KeyTable.EXHAUSTION_TIMEOUT.defaultValue();
	public static final Duration DEFAULT_QUARANTINE = KeyTable.QUARANTINE.defaultValue();

	/** {@code freeport.profile.<name>.<key>}: only met when such a key is set, so compiled only then. */
	private static final class ProfileKey {

		static final Pattern PATTERN = Pattern.compile(Pattern.quote(Keys.PROFILE + ".") + "([A-Za-z0-9_-]+)\\.(.+)");
	}

	private static final Map<String, String> VARIABLES = new ConcurrentHashMap<>();
	private static final Map<String, Map<String, String>> PROFILE_KEYS = new ConcurrentHashMap<>();

	private final Function<String, Optional<String>> parameters;
	private final Function<String, String> environment;
	private final Supplier<Set<String>> parameterKeys;
	/** Each key's value once looked up, when {@link #memoized()}; else null and every call looks again. */
	private final Map<String, Optional<Setting>> looked;
	/** Each key's parsed value once asked for, when {@link #memoized()}. */
	private final Map<Key<?>, Object> parsed;
	/**
	 * The parsed values of the keys every request reads ({@link #HOT_RANGE} ...), once asked for, when
	 * {@link #memoized()}: an array slot each, where {@link #value} looks a key up in a map. Racy on purpose:
	 * the values are immutable, and a slot read as {@code null} is only looked up again.
	 */
	private final Object[] hot = new Object[5];
	private static final int HOT_RANGE = 0;
	private static final int HOT_EXHAUSTION_TIMEOUT = 1;
	private static final int HOT_QUARANTINE = 2;
	private static final int HOT_STRATEGY = 3;
	private static final int HOT_PROBE_ADDRESS = 4;
	/** For {@link #fromSystem()}: the system properties read, and what they were (else null). */
	private final SystemPropertiesRead read;
	private volatile Profile profile;

	private Configuration(Function<String, Optional<String>> parameters, Function<String, String> environment,
			Supplier<Set<String>> parameterKeys, boolean memoized) {
		this(parameters, environment, parameterKeys, memoized, null);
	}

	private Configuration(Function<String, Optional<String>> parameters, Function<String, String> environment,
			Supplier<Set<String>> parameterKeys, boolean memoized, SystemPropertiesRead read) {
		this.parameters = parameters;
		this.environment = environment;
		this.parameterKeys = parameterKeys;
		this.looked = memoized ? new ConcurrentHashMap<>() : null;
		this.parsed = memoized ? new ConcurrentHashMap<>() : null;
		this.read = read;
	}

	private Configuration(Function<String, Optional<String>> parameters, Function<String, String> environment,
			Supplier<Set<String>> parameterKeys) {
		this(parameters, environment, parameterKeys, false);
	}

	/**
	 * The same sources, each key looked up once and remembered: for a JUnit run, whose configuration
	 * parameters cannot change while it runs, and where every reservation reads a dozen keys. A system
	 * property changed during the run is then not seen, by design.
	 */
	public Configuration memoized() {
		return looked != null ? this : new Configuration(parameters, environment, parameterKeys, true);
	}

	/** Whether each key is looked up once and remembered ({@link #memoized()}): then its values never change. */
	public boolean isMemoized() {
		return looked != null;
	}

	/**
	 * System properties, then environment variables. Each key is looked up and parsed once, for as long as
	 * the system properties read stay as they were: a property set or cleared since (say by a test) makes
	 * the next call read them all again. The environment cannot change.
	 */
	public static Configuration fromSystem() {
		Configuration last = fromSystem;
		if (last != null && last.read.unchanged()) {
			return last;
		}
		SystemPropertiesRead read = new SystemPropertiesRead();
		Configuration fresh = new Configuration(read, ENVIRONMENT_VARIABLES, new Listed(Listed.SYSTEM_PROPERTIES), true, read);
		fromSystem = fresh;
		return fresh;
	}

	private static volatile Configuration fromSystem;

	/**
	 * The given parameters (e.g. JUnit's configuration parameters), then system properties, then environment variables. For the
	 * check of unknown keys, the keys of system properties and of {@code junit-platform.properties} on the
	 * class path are listed, since JUnit offers no listing.
	 */
	public static Configuration from(Function<String, Optional<String>> parameters) {
		return new Configuration(new OrSystemProperty(parameters), ENVIRONMENT_VARIABLES,
			new Listed(Listed.SYSTEM_PROPERTIES_AND_JUNIT_PLATFORM_PROPERTIES));
	}

	/**
	 * The sources of the configuration, as plain classes rather than lambdas: they are made on the way to a
	 * test JVM's first port, where linking a lambda costs more than the look-up.
	 */
	private static final class OrSystemProperty implements Function<String, Optional<String>> {

		private final Function<String, Optional<String>> parameters;

		OrSystemProperty(Function<String, Optional<String>> parameters) {
			this.parameters = parameters;
		}

		@Override
		public Optional<String> apply(String key) {
			// JUnit's launcher passes system properties as parameters; the EngineTestKit does not, so fall back
			Optional<String> parameter = parameters.apply(key);
			return parameter.isPresent() ? parameter : Optional.ofNullable(System.getProperty(key));
		}
	}

	private static final Function<String, String> ENVIRONMENT_VARIABLES = new EnvironmentVariables();

	private static final class EnvironmentVariables implements Function<String, String> {

		@Override
		public String apply(String name) {
			// the JDK's own unmodifiable copy, looked up by name: copying or listing it loads classes of its own
			return System.getenv(name);
		}
	}

	/** The keys a configuration can list, for the check of unknown keys. */
	private static final class Listed implements Supplier<Set<String>> {

		static final int SYSTEM_PROPERTIES = 0;
		static final int SYSTEM_PROPERTIES_AND_JUNIT_PLATFORM_PROPERTIES = 1;

		private final int sources;

		Listed(int sources) {
			this.sources = sources;
		}

		@Override
		public Set<String> get() {
			Set<String> keys = systemPropertyKeys();
			if (sources == SYSTEM_PROPERTIES_AND_JUNIT_PLATFORM_PROPERTIES) {
				keys.addAll(junitPlatformPropertiesKeys());
			}
			return keys;
		}
	}

	/** For tests: exactly the given parameters and environment. */
	public static Configuration from(Function<String, Optional<String>> parameters, Function<String, String> environment) {
		return new Configuration(parameters, environment, TreeSet::new);
	}

	/** For tests: the given parameters (also listed, for the unknown-key check) and environment. */
	public static Configuration of(Map<String, String> parameters, Map<String, String> environment) {
		return new Configuration(key -> Optional.ofNullable(parameters.get(key)), environment::get,
			() -> new TreeSet<>(parameters.keySet()));
	}

	/**
	 * The environment variable for a key: {@code freeport.registry.dir} → {@code FREEPORT_REGISTRY_DIR}; empty
	 * for a key read from system properties only.
	 */
	public static Optional<String> environmentVariable(String key) {
		Key<?> row = KeyTable.byName(key);
		if (row != null) {
			return row.environmentVariable();
		}
		String variable = VARIABLES.get(key);
		if (variable == null) {
			variable = Key.environmentVariable(key);
			if (VARIABLES.size() > 256) {
				VARIABLES.clear();
			}
			VARIABLES.put(key, variable);
		}
		return Optional.of(variable);
	}

	private static String profileKey(String profile, String shortKey) {
		Map<String, String> keys = PROFILE_KEYS.get(profile);
		if (keys == null) {
			keys = new ConcurrentHashMap<>();
			Map<String, String> raced = PROFILE_KEYS.putIfAbsent(profile, keys);
			keys = raced != null ? raced : keys;
		}
		String key = keys.get(shortKey);
		if (key == null) {
			key = Keys.PROFILE + "." + profile + "." + shortKey;
			keys.put(shortKey, key);
		}
		return key;
	}

	/**
	 * A key's value and where it came from: configuration parameter, environment variable, then the active
	 * profile (for the keys a profile may set). Empty when none sets it: the built-in default applies.
	 */
	public Optional<Setting> get(String key) {
		if (looked == null) {
			return lookUp(key);
		}
		Optional<Setting> known = looked.get(key);
		if (known == null) {
			known = lookUp(key); // not computeIfAbsent: an invalid profile throws, and must throw again next time
			looked.put(key, known);
		}
		return known;
	}

	private Optional<Setting> lookUp(String key) {
		Optional<Setting> explicit = explicit(key);
		Key<?> row = KeyTable.byName(key);
		if (explicit.isPresent() || row == null || !row.settableByProfiles()) {
			return explicit;
		}
		Profile active = profile();
		Optional<Setting> userDefined = explicit(profileKey(active.name(), row.shortName()));
		if (userDefined.isPresent()) {
			return Optional.of(new Setting(key, userDefined.get().value(), Origin.PROFILE, userDefined.get().source()));
		}
		String value = active.values().get(row.shortName());
		return value == null ? Optional.empty() : Optional.of(new Setting(key, value, Origin.PROFILE, "profile " + active.name()));
	}

	private Optional<Setting> explicit(String key) {
		Optional<String> parameter = parameters.apply(key);
		if (parameter.isPresent() && !parameter.get().isBlank()) {
			return Optional.of(new Setting(key, parameter.get().trim(), Origin.CONFIGURATION_PARAMETER,
				"configuration parameter " + key));
		}
		Optional<String> variable = environmentVariable(key);
		String value = variable.isPresent() ? environment.apply(variable.get()) : null;
		if (value != null && !value.isBlank()) {
			return Optional.of(new Setting(key, value.trim(), Origin.ENVIRONMENT_VARIABLE,
				"environment variable " + variable.get()));
		}
		return Optional.empty();
	}

	/** A key's value, parsed, when something sets it; empty when the built-in default applies. */
	public <T> Optional<T> configured(Key<T> key) {
		Optional<Setting> setting = get(key.name());
		return setting.isEmpty() ? Optional.empty() : Optional.of(key.type().parse(setting.get()));
	}

	/**
	 * A key's value, parsed: as configured, else the built-in default.
	 *
	 * @throws FreePortException naming key, value, where it came from and what is allowed
	 * @throws IllegalStateException for a key without a built-in default ({@link Key#hasDefault()})
	 */
	public <T> T value(Key<T> key) {
		if (parsed == null) {
			return parse(key);
		}
		@SuppressWarnings("unchecked") // put below by the same key
		T known = (T) parsed.get(key);
		if (known == null) {
			known = parse(key); // not computeIfAbsent: an invalid value throws, and must throw again next time
			if (known != null) {
				parsed.put(key, known);
			}
		}
		return known;
	}

	private <T> T parse(Key<T> key) {
		Optional<Setting> setting = get(key.name());
		return setting.isEmpty() ? key.defaultValue() : key.type().parse(setting.get());
	}

	/** A key's effective value as text, and where it came from: what {@link #effective()} lists. */
	public Setting setting(Key<?> key) {
		if (key == KeyTable.PROFILE) {
			Optional<Setting> named = explicit(Keys.PROFILE);
			if (named.isPresent()) {
				return named.get();
			}
			return isCi() ? new Setting(Keys.PROFILE, Profile.CI.name(), Origin.ENVIRONMENT_VARIABLE, "environment variable CI")
					: new Setting(Keys.PROFILE, Profile.LOCAL.name(), Origin.DEFAULT, "default (CI is not set)");
		}
		if (key == KeyTable.FORK) {
			return forkSetting();
		}
		Optional<Setting> configured = get(key.name());
		return configured.isPresent() ? configured.get() : key.defaultSetting();
	}

	/**
	 * The fork hint as the registry records it. The build tool's own id comes first there, so a
	 * {@value Keys#FORK} system property is named as the source only when it is the value used.
	 */
	private static Setting forkSetting() {
		String used = FileLockRegistry.fork();
		String property = System.getProperty(Keys.FORK);
		if (property != null && !property.isBlank() && property.equals(used)) {
			return new Setting(Keys.FORK, used, Origin.CONFIGURATION_PARAMETER, "system property " + Keys.FORK);
		}
		return KeyTable.FORK.defaultSetting();
	}

	/** The active profile: {@value Keys#PROFILE}, else {@code ci} when {@code CI} is set, else {@code local}. */
	public Profile profile() {
		Profile active = profile;
		if (active == null) {
			active = resolveProfile();
			profile = active;
		}
		return active;
	}

	/** Where the active profile's name came from. */
	public String profileSource() {
		return setting(KeyTable.PROFILE).source();
	}

	private boolean isCi() {
		String ci = environment.apply("CI");
		return ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false");
	}

	private Profile resolveProfile() {
		Optional<Setting> named = explicit(Keys.PROFILE);
		if (named.isEmpty()) {
			return isCi() ? Profile.CI : Profile.LOCAL;
		}
		String name = named.get().value();
		Profile builtIn = Profile.BUILT_IN.get(name);
		if (builtIn != null) {
			return builtIn;
		}
		Map<String, String> values = new LinkedHashMap<>();
		for (String shortKey : Profile.KEYS) {
			Optional<Setting> defined = explicit(profileKey(name, shortKey));
			if (defined.isPresent()) {
				values.put(shortKey, defined.get().value());
			}
		}
		if (values.isEmpty()) {
			throw named.get().invalid("a built-in profile (" + String.join(", ", new TreeSet<>(Profile.BUILT_IN.keySet()))
					+ ") or one defined with " + Keys.PROFILE + "." + name + ".<key>=... (keys: "
					+ String.join(", ", new TreeSet<>(Profile.KEYS)) + ")");
		}
		return new Profile(name, values);
	}

	/** A hot key's value, parsed: from its slot when it has one. */
	@SuppressWarnings("unchecked") // each slot is filled by its one key
	private <T> T hot(int slot, Key<T> key) {
		Object known = hot[slot];
		if (known == null) {
			known = value(key);
			if (looked != null) {
				hot[slot] = known;
			}
		}
		return (T) known;
	}

	/** The default range ({@value Keys#RANGE}). */
	public PortRange range() {
		return hot(HOT_RANGE, KeyTable.RANGE);
	}

	/** How long to wait when a range is exhausted ({@value Keys#EXHAUSTION_TIMEOUT}). */
	public Duration exhaustionTimeout() {
		return hot(HOT_EXHAUSTION_TIMEOUT, KeyTable.EXHAUSTION_TIMEOUT);
	}

	/** How long a released range port rests ({@value Keys#QUARANTINE}). */
	public Duration quarantine() {
		return hot(HOT_QUARANTINE, KeyTable.QUARANTINE);
	}

	/** The strategy to use ({@value Keys#STRATEGY}), as {@code value(KeyTable.STRATEGY)}. */
	public PortStrategy portStrategy() {
		return hot(HOT_STRATEGY, KeyTable.STRATEGY);
	}

	/** The address probes bind ({@value Keys#PROBE_ADDRESS}), as {@code value(KeyTable.PROBE_ADDRESS)}. */
	public ProbeAddress probeAddressValue() {
		return hot(HOT_PROBE_ADDRESS, KeyTable.PROBE_ADDRESS);
	}

	/** The strategy's name or class ({@value Keys#STRATEGY}) and where it came from; {@code random} unless set. */
	public Setting strategy() {
		return setting(KeyTable.STRATEGY);
	}

	/** The address probes bind ({@value Keys#PROBE_ADDRESS}): {@code wildcard}, {@code loopback} or an IP literal. */
	public Setting probeAddress() {
		return setting(KeyTable.PROBE_ADDRESS);
	}

	/** Whether a registry on a file system with unreliable locks is refused ({@value Keys#REGISTRY_REQUIRED}). */
	public boolean registryRequired() {
		return value(KeyTable.REGISTRY_REQUIRED);
	}

	/**
	 * Whether each reservation's trace is attached to its test as a text file ({@value Keys#LOG_ATTACH}), when
	 * set; unset, the JUnit glue attaches where Open Test Reporting is on.
	 */
	public Optional<Boolean> logAttach() {
		return configured(KeyTable.LOG_ATTACH);
	}

	/** The registry folder ({@value Keys#REGISTRY_DIR}) and where it was configured. */
	public Setting registryDir() {
		return setting(KeyTable.REGISTRY_DIR);
	}

	/** The registry folder as a path. */
	public Path registryPath() {
		return value(KeyTable.REGISTRY_DIR);
	}

	/** The folder of the allocation logs ({@value Keys#LOG_DIR}), absolute. */
	public Path logDir() {
		return value(KeyTable.LOG_DIR);
	}

	/**
	 * Checks every {@code freeport.} key that can be listed, and every value the {@link KeyTable} knows:
	 * unknown keys and profiles, and values their key does not accept, are errors naming key, value and what
	 * is allowed.
	 *
	 * @throws FreePortException on the first problem found
	 */
	public void validate() {
		for (String key : new TreeSet<>(parameterKeys.get())) {
			if (!key.startsWith(Keys.PREFIX) || KeyTable.byName(key) != null || NOT_SETTINGS.contains(key)) {
				continue;
			}
			Matcher profileKey = ProfileKey.PATTERN.matcher(key);
			if (profileKey.matches()) {
				if (!Profile.KEYS.contains(profileKey.group(2))) {
					throw new FreePortException("Unknown configuration key " + key + ": a profile may set "
							+ Profile.KEYS.stream().sorted().map(k -> Keys.PROFILE + "." + profileKey.group(1) + "." + k)
								.collect(Collectors.joining(", ")));
				}
				continue;
			}
			throw new FreePortException("Unknown configuration key " + key + " (value '"
					+ parameters.apply(key).orElse("") + "'): known keys are "
					+ KeyTable.ALL.stream().map(Key::name).sorted().collect(Collectors.joining(", "))
					+ " and " + Keys.PROFILE + ".<name>.<key>");
		}
		profile();
		for (Key<?> key : KeyTable.ALL) {
			if (key != KeyTable.PROFILE) {
				configured(key);
			}
		}
	}

	/**
	 * Each key of the {@link KeyTable}, in its order, with its effective value and where it came from: for
	 * the log, the command line's {@code doctor} and the run report.
	 */
	public List<Setting> effective() {
		List<Setting> settings = new ArrayList<>(KeyTable.ALL.size());
		for (Key<?> key : KeyTable.ALL) {
			settings.add(setting(key));
		}
		return settings;
	}

	private static Set<String> systemPropertyKeys() {
		Set<String> keys = new TreeSet<>();
		for (String name : System.getProperties().stringPropertyNames()) {
			if (name.startsWith(Keys.PREFIX)) {
				keys.add(name);
			}
		}
		return keys;
	}

	private static Set<String> junitPlatformPropertiesKeys() {
		Set<String> keys = new TreeSet<>();
		ClassLoader loader = Optional.ofNullable(Thread.currentThread().getContextClassLoader())
			.orElse(Configuration.class.getClassLoader());
		try {
			Enumeration<URL> files = loader.getResources("junit-platform.properties");
			while (files.hasMoreElements()) {
				Properties properties = new Properties();
				try (InputStream in = files.nextElement().openStream()) {
					properties.load(in);
				}
				properties.stringPropertyNames().stream().filter(k -> k.startsWith(Keys.PREFIX)).forEach(keys::add);
			}
		}
		catch (IOException e) {
			// JUnit reports unreadable files itself; nothing to check then
		}
		return keys;
	}

	/**
	 * One configured value and where it came from: the level of the precedence ({@code origin}) and, for
	 * messages, the exact source ({@code configuration parameter freeport.profile.mine.range}).
	 */
	@API(status = INTERNAL)
	public record Setting(String key, String value, Origin origin, String source) {

		/** The error for a value that is not allowed. */
		public FreePortException invalid(String allowed) {
			return new FreePortException("Invalid value '" + value + "' for " + key + " (from " + source + "): expected "
					+ allowed);
		}

		@Override
		public String toString() {
			return key + "=" + value + " (" + source + ")";
		}
	}
}
