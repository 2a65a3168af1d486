package io.github.freeport.config;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.github.freeport.FreePort;
import io.github.freeport.FreePortException;
import io.github.freeport.allocation.PortRange;
import io.github.freeport.registry.RegistryFolder;

/**
 * freeport's settings, with one precedence: an annotation attribute (handled by the caller) over a
 * configuration parameter (under JUnit: system property or {@code junit-platform.properties}; elsewhere:
 * system property) over an environment variable ({@code freeport.exhaustion.timeout} →
 * {@code FREEPORT_EXHAUSTION_TIMEOUT}) over the active {@link Profile} over the built-in default.
 *
 * <p>The profile is {@value #PROFILE}, else {@code ci} when the {@code CI} environment variable is set,
 * else {@code local}. An invalid value is an error that names the key, the value and what is allowed,
 * never a silent default.
 */
public final class Configuration {

	public static final String PREFIX = "freeport.";
	public static final String PROFILE = "freeport.profile";
	public static final String STRATEGY = "freeport.strategy";
	public static final String PROBE_ADDRESS = "freeport.probe.address";
	public static final String REGISTRY_REQUIRED = "freeport.registry.required";
	/** Whether {@code @FreePort} attaches each reservation's trace to its test as a file ({@code publishFile}). */
	public static final String LOG_ATTACH = "freeport.log.attach";

	/** Every key freeport reads, outside {@code freeport.profile.<name>.*}; unknown {@code freeport.} keys are errors. */
	public static final Set<String> KEYS = Set.of(PROFILE, FreePort.RANGE_PROPERTY_NAME, STRATEGY,
		FreePort.EXHAUSTION_TIMEOUT_PROPERTY_NAME, FreePort.QUARANTINE_PROPERTY_NAME, PROBE_ADDRESS,
		FreePort.REGISTRY_DIR_PROPERTY_NAME, REGISTRY_REQUIRED, "freeport.fork", "freeport.log.dir", LOG_ATTACH, "freeport.run.id",
		"freeport.chaos.probability", "freeport.chaos.seed");

	/**
	 * {@code freeport.} names that are not freeport's settings and are never errors: {@code freeport.version} is
	 * the usual build property for this library's version, and Maven hands {@code -Dfreeport.version=...} to every
	 * Surefire and Failsafe fork as a system property.
	 */
	static final Set<String> NOT_SETTINGS = Set.of("freeport.version");

	/** The built-in defaults, under every profile. */
	public static final PortRange DEFAULT_RANGE = PortRange.DEFAULT;
	public static final Duration DEFAULT_EXHAUSTION_TIMEOUT = Duration.ofSeconds(10);
	public static final Duration DEFAULT_QUARANTINE = Duration.ofSeconds(2);

	private static final Pattern DURATION = Pattern.compile("(\\d{1,12})\\s*(ms|s|m|h)");
	private static final String DURATION_ALLOWED = "a duration such as '500ms', '10s' or '2m' (or ISO-8601 'PT10S')";
	private static final Pattern PROFILE_KEY = Pattern.compile("freeport\\.profile\\.([A-Za-z0-9_-]+)\\.(.+)");

	/** The environment cannot change while the JVM runs: one copy, cheap to look up. */
	private static final Map<String, String> ENVIRONMENT = Map.copyOf(System.getenv());
	private static final Map<String, String> VARIABLES = new java.util.concurrent.ConcurrentHashMap<>();
	private static final Map<String, Map<String, String>> PROFILE_KEYS = new java.util.concurrent.ConcurrentHashMap<>();
	private static final Map<String, PortRange> PARSED_RANGES = new java.util.concurrent.ConcurrentHashMap<>();
	private static final Map<String, Duration> PARSED_DURATIONS = new java.util.concurrent.ConcurrentHashMap<>();
	private static final Map<String, Path> PARSED_PATHS = new java.util.concurrent.ConcurrentHashMap<>();

	private final Function<String, Optional<String>> parameters;
	private final Function<String, String> environment;
	private final Supplier<Set<String>> parameterKeys;
	/** Each key's value once looked up, when {@link #memoized()}; else null and every call looks again. */
	private final Map<String, Optional<Setting>> looked;
	private volatile Profile profile;

	private Configuration(Function<String, Optional<String>> parameters, Function<String, String> environment,
			Supplier<Set<String>> parameterKeys, boolean memoized) {
		this.parameters = parameters;
		this.environment = environment;
		this.parameterKeys = parameterKeys;
		this.looked = memoized ? new java.util.concurrent.ConcurrentHashMap<>() : null;
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

	/** System properties, then environment variables. */
	public static Configuration fromSystem() {
		return new Configuration(key -> Optional.ofNullable(System.getProperty(key)), ENVIRONMENT::get,
			Configuration::systemPropertyKeys);
	}

	/**
	 * The given parameters (e.g. JUnit's configuration parameters), then system properties, then environment variables. For the
	 * check of unknown keys, the keys of system properties and of {@code junit-platform.properties} on the
	 * class path are listed, since JUnit offers no listing.
	 */
	public static Configuration from(Function<String, Optional<String>> parameters) {
		// JUnit's launcher passes system properties as parameters; the EngineTestKit does not, so fall back
		Function<String, Optional<String>> withSystemProperties = key -> parameters.apply(key)
			.or(() -> Optional.ofNullable(System.getProperty(key)));
		return new Configuration(withSystemProperties, ENVIRONMENT::get, () -> {
			Set<String> keys = systemPropertyKeys();
			keys.addAll(junitPlatformPropertiesKeys());
			return keys;
		});
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

	/** The environment variable for a key: {@code freeport.registry.dir} → {@code FREEPORT_REGISTRY_DIR}. */
	public static String environmentVariable(String key) {
		String variable = VARIABLES.get(key);
		if (variable == null) {
			variable = key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
			remember(VARIABLES, key, variable);
		}
		return variable;
	}

	private static String profileKey(String profile, String shortKey) {
		return PROFILE_KEYS.computeIfAbsent(profile, name -> new java.util.concurrent.ConcurrentHashMap<>())
			.computeIfAbsent(shortKey, key -> PROFILE + "." + profile + "." + key);
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
		if (explicit.isPresent() || !key.startsWith(PREFIX) || !Profile.KEYS.contains(key.substring(PREFIX.length()))) {
			return explicit;
		}
		Profile active = profile();
		String shortKey = key.substring(PREFIX.length());
		Optional<Setting> userDefined = explicit(profileKey(active.name(), shortKey));
		if (userDefined.isPresent()) {
			return Optional.of(new Setting(key, userDefined.get().value(), userDefined.get().source()));
		}
		return Optional.ofNullable(active.values().get(shortKey))
			.map(value -> new Setting(key, value, "profile " + active.name()));
	}

	private Optional<Setting> explicit(String key) {
		Optional<String> parameter = parameters.apply(key).filter(v -> !v.isBlank());
		if (parameter.isPresent()) {
			return Optional.of(new Setting(key, parameter.get().trim(), "configuration parameter " + key));
		}
		String variable = environmentVariable(key);
		String value = environment.apply(variable);
		if (value != null && !value.isBlank()) {
			return Optional.of(new Setting(key, value.trim(), "environment variable " + variable));
		}
		return Optional.empty();
	}

	/** The active profile: {@value #PROFILE}, else {@code ci} when {@code CI} is set, else {@code local}. */
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
		return explicit(PROFILE).map(Setting::source)
			.orElse(isCi() ? "environment variable CI" : "default (CI is not set)");
	}

	private boolean isCi() {
		String ci = environment.apply("CI");
		return ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false");
	}

	private Profile resolveProfile() {
		Optional<Setting> named = explicit(PROFILE);
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
			explicit(PROFILE + "." + name + "." + shortKey).ifPresent(s -> values.put(shortKey, s.value()));
		}
		if (values.isEmpty()) {
			throw named.get().invalid("a built-in profile (" + String.join(", ", new TreeSet<>(Profile.BUILT_IN.keySet()))
					+ ") or one defined with " + PROFILE + "." + name + ".<key>=... (keys: "
					+ String.join(", ", new TreeSet<>(Profile.KEYS)) + ")");
		}
		return new Profile(name, values);
	}

	/** The default range ({@value FreePort#RANGE_PROPERTY_NAME}). */
	public PortRange range() {
		return get(FreePort.RANGE_PROPERTY_NAME).map(s -> {
			PortRange parsed = PARSED_RANGES.get(s.value());
			if (parsed != null) {
				return parsed;
			}
			try {
				return remember(PARSED_RANGES, s.value(), PortRange.parse(s.value()));
			}
			catch (IllegalArgumentException e) {
				throw s.invalid(PortRange.ALLOWED);
			}
		}).orElse(DEFAULT_RANGE);
	}

	/** Parsed values are kept by their text: every reservation reads the configuration, and parsing is not free. */
	private static <V> V remember(Map<String, V> cache, String text, V value) {
		if (cache.size() > 256) {
			cache.clear();
		}
		cache.put(text, value);
		return value;
	}

	/** How long to wait when a range is exhausted ({@value FreePort#EXHAUSTION_TIMEOUT_PROPERTY_NAME}). */
	public Duration exhaustionTimeout() {
		return duration(FreePort.EXHAUSTION_TIMEOUT_PROPERTY_NAME, DEFAULT_EXHAUSTION_TIMEOUT);
	}

	/** How long a released range port rests ({@value FreePort#QUARANTINE_PROPERTY_NAME}). */
	public Duration quarantine() {
		return duration(FreePort.QUARANTINE_PROPERTY_NAME, DEFAULT_QUARANTINE);
	}

	/** The strategy's name or class ({@value #STRATEGY}); {@code random} unless set. */
	public Setting strategy() {
		return get(STRATEGY).orElseGet(() -> new Setting(STRATEGY, "random", "built-in default"));
	}

	/** The address probes bind ({@value #PROBE_ADDRESS}): {@code wildcard}, {@code loopback} or an IP literal. */
	public Setting probeAddress() {
		return get(PROBE_ADDRESS).orElseGet(() -> new Setting(PROBE_ADDRESS, "wildcard", "built-in default"));
	}

	/** Whether a registry on a file system with unreliable locks is refused ({@value #REGISTRY_REQUIRED}). */
	public boolean registryRequired() {
		return flag(REGISTRY_REQUIRED, false);
	}

	/** Whether each reservation's trace is attached to its test as a text file ({@value #LOG_ATTACH}); {@code true} unless set. */
	public boolean logAttach() {
		return flag(LOG_ATTACH, true);
	}

	/** A {@code true}/{@code false} key (any case); anything else is an error naming key and value. */
	private boolean flag(String key, boolean byDefault) {
		return get(key).map(s -> {
			if (s.value().equalsIgnoreCase("true") || s.value().equalsIgnoreCase("false")) {
				return Boolean.parseBoolean(s.value());
			}
			throw s.invalid("'true' or 'false'");
		}).orElse(byDefault);
	}

	/** The registry folder ({@value FreePort#REGISTRY_DIR_PROPERTY_NAME}) and where it was configured. */
	public Setting registryDir() {
		return get(FreePort.REGISTRY_DIR_PROPERTY_NAME).orElseGet(() -> new Setting(FreePort.REGISTRY_DIR_PROPERTY_NAME,
			RegistryFolder.defaultPath().toString(), "default " + FreePort.REGISTRY_DIR_PROPERTY_NAME));
	}

	/** The registry folder as a path. */
	public Path registryPath() {
		Setting setting = registryDir();
		Path known = PARSED_PATHS.get(setting.value());
		if (known != null) {
			return known;
		}
		try {
			return remember(PARSED_PATHS, setting.value(), Path.of(setting.value()).toAbsolutePath().normalize());
		}
		catch (RuntimeException e) {
			throw setting.invalid("a folder path");
		}
	}

	/**
	 * Checks every {@code freeport.} key that can be listed, and every value: unknown keys and profiles,
	 * bad numbers, durations and ranges are errors naming key, value and what is allowed.
	 *
	 * @throws FreePortException on the first problem found
	 */
	public void validate() {
		for (String key : new TreeSet<>(parameterKeys.get())) {
			if (!key.startsWith(PREFIX) || KEYS.contains(key) || NOT_SETTINGS.contains(key)) {
				continue;
			}
			Matcher profileKey = PROFILE_KEY.matcher(key);
			if (profileKey.matches()) {
				if (!Profile.KEYS.contains(profileKey.group(2))) {
					throw new FreePortException("Unknown configuration key " + key + ": a profile may set "
							+ Profile.KEYS.stream().sorted().map(k -> PROFILE + "." + profileKey.group(1) + "." + k)
								.collect(Collectors.joining(", ")));
				}
				continue;
			}
			throw new FreePortException("Unknown configuration key " + key + " (value '"
					+ parameters.apply(key).orElse("") + "'): known keys are " + String.join(", ", new TreeSet<>(KEYS))
					+ " and " + PROFILE + ".<name>.<key>");
		}
		profile();
		range();
		exhaustionTimeout();
		quarantine();
		registryRequired();
		logAttach();
		registryPath();
		probeAddress();
		strategy();
	}

	/** Each effective value and where it came from, one per line, for the log and the run report. */
	public List<Setting> effective() {
		List<Setting> settings = new ArrayList<>();
		settings.add(new Setting(PROFILE, profile().name(), profileSource()));
		settings.add(get(FreePort.RANGE_PROPERTY_NAME)
			.orElse(new Setting(FreePort.RANGE_PROPERTY_NAME, DEFAULT_RANGE.toString(), "built-in default")));
		settings.add(strategy());
		settings.add(get(FreePort.EXHAUSTION_TIMEOUT_PROPERTY_NAME).orElse(new Setting(
			FreePort.EXHAUSTION_TIMEOUT_PROPERTY_NAME, DEFAULT_EXHAUSTION_TIMEOUT.toMillis() + "ms", "built-in default")));
		settings.add(get(FreePort.QUARANTINE_PROPERTY_NAME).orElse(
			new Setting(FreePort.QUARANTINE_PROPERTY_NAME, DEFAULT_QUARANTINE.toMillis() + "ms", "built-in default")));
		settings.add(probeAddress());
		settings.add(get(REGISTRY_REQUIRED).orElse(new Setting(REGISTRY_REQUIRED, "false", "built-in default")));
		settings.add(registryDir());
		return settings;
	}

	private Duration duration(String key, Duration fallback) {
		return get(key).map(s -> {
			Duration parsed = PARSED_DURATIONS.get(s.value());
			return parsed != null ? parsed : remember(PARSED_DURATIONS, s.value(), parseDuration(s));
		}).orElse(fallback);
	}

	static Duration parseDuration(Setting setting) {
		return duration(setting.value()).orElseThrow(() -> setting.invalid(DURATION_ALLOWED));
	}

	/**
	 * A duration as freeport's configuration writes them: {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h},
	 * or ISO-8601 ({@code PT10S}); empty when the text is none of these or negative.
	 */
	public static Optional<Duration> duration(String text) {
		Matcher matcher = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
		try {
			if (matcher.matches()) {
				long amount = Long.parseLong(matcher.group(1));
				switch (matcher.group(2)) {
					case "ms":
						return Optional.of(Duration.ofMillis(amount));
					case "s":
						return Optional.of(Duration.ofSeconds(amount));
					case "m":
						return Optional.of(Duration.ofMinutes(amount));
					default:
						return Optional.of(Duration.ofHours(amount));
				}
			}
			return Optional.of(Duration.parse(text.trim())).filter(parsed -> !parsed.isNegative());
		}
		catch (RuntimeException e) {
			return Optional.empty();
		}
	}

	private static Set<String> systemPropertyKeys() {
		Set<String> keys = new TreeSet<>();
		for (String name : System.getProperties().stringPropertyNames()) {
			if (name.startsWith(PREFIX)) {
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
				properties.stringPropertyNames().stream().filter(k -> k.startsWith(PREFIX)).forEach(keys::add);
			}
		}
		catch (IOException e) {
			// JUnit reports unreadable files itself; nothing to check then
		}
		return keys;
	}

	/** One configured value and where it came from. */
	public record Setting(String key, String value, String source) {

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
