package io.github.freeport.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.freeport.FreePort;
import io.github.freeport.FreePortException;
import io.github.freeport.allocation.PortRange;
import io.github.freeport.registry.RegistryFolder;

/**
 * freeport's settings, with one precedence: a configuration parameter (under JUnit: system property or
 * {@code junit-platform.properties}; elsewhere: system property) over an environment variable
 * ({@code freeport.exhaustion.timeout} → {@code FREEPORT_EXHAUSTION_TIMEOUT}) over the built-in default.
 * Annotation attributes, where given, win over all of these. An invalid value is an error that names
 * the key, the value and what is allowed, never a silent default.
 */
public final class Configuration {

	/** The built-in default range, less the OS ephemeral range at allocation time. */
	public static final PortRange DEFAULT_RANGE = new PortRange(10000, 65535);
	public static final Duration DEFAULT_EXHAUSTION_TIMEOUT = Duration.ofSeconds(10);
	public static final Duration DEFAULT_QUARANTINE = Duration.ofSeconds(2);

	private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m)");
	private static final String DURATION_ALLOWED = "a duration such as '500ms', '10s' or '2m' (or ISO-8601 'PT10S')";

	private final Function<String, Optional<String>> parameters;
	private final Function<String, String> environment;

	private Configuration(Function<String, Optional<String>> parameters, Function<String, String> environment) {
		this.parameters = parameters;
		this.environment = environment;
	}

	/** System properties, then environment variables. */
	public static Configuration fromSystem() {
		return new Configuration(key -> Optional.ofNullable(System.getProperty(key)), System::getenv);
	}

	/** The given parameters (e.g. JUnit's configuration parameters), then environment variables. */
	public static Configuration from(Function<String, Optional<String>> parameters) {
		return new Configuration(parameters, System::getenv);
	}

	/** For tests: the given parameters and environment. */
	public static Configuration from(Function<String, Optional<String>> parameters, Function<String, String> environment) {
		return new Configuration(parameters, environment);
	}

	/** The environment variable for a key: {@code freeport.registry.dir} → {@code FREEPORT_REGISTRY_DIR}. */
	public static String environmentVariable(String key) {
		return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
	}

	/** A key's value and where it came from, or empty when it is not set. */
	public Optional<Setting> get(String key) {
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

	/** The default range ({@value FreePort#RANGE_PROPERTY_NAME}). */
	public PortRange range() {
		return get(FreePort.RANGE_PROPERTY_NAME).map(s -> {
			try {
				return PortRange.parse(s.value());
			}
			catch (IllegalArgumentException e) {
				throw s.invalid(PortRange.ALLOWED);
			}
		}).orElse(DEFAULT_RANGE);
	}

	/** How long to wait when a range is exhausted ({@value FreePort#EXHAUSTION_TIMEOUT_PROPERTY_NAME}). */
	public Duration exhaustionTimeout() {
		return duration(FreePort.EXHAUSTION_TIMEOUT_PROPERTY_NAME, DEFAULT_EXHAUSTION_TIMEOUT);
	}

	/** How long a released range port rests ({@value FreePort#QUARANTINE_PROPERTY_NAME}). */
	public Duration quarantine() {
		return duration(FreePort.QUARANTINE_PROPERTY_NAME, DEFAULT_QUARANTINE);
	}

	/** The registry folder ({@value FreePort#REGISTRY_DIR_PROPERTY_NAME}) and where it was configured. */
	public Setting registryDir() {
		return get(FreePort.REGISTRY_DIR_PROPERTY_NAME).orElseGet(() -> new Setting(FreePort.REGISTRY_DIR_PROPERTY_NAME,
			RegistryFolder.defaultPath().toString(), "default " + FreePort.REGISTRY_DIR_PROPERTY_NAME));
	}

	/** The registry folder as a path. */
	public Path registryPath() {
		Setting setting = registryDir();
		try {
			return Path.of(setting.value()).toAbsolutePath().normalize();
		}
		catch (RuntimeException e) {
			throw setting.invalid("a folder path");
		}
	}

	private Duration duration(String key, Duration fallback) {
		return get(key).map(s -> parseDuration(s)).orElse(fallback);
	}

	static Duration parseDuration(Setting setting) {
		String value = setting.value().toLowerCase(Locale.ROOT);
		Matcher matcher = DURATION.matcher(value);
		try {
			if (matcher.matches()) {
				long amount = Long.parseLong(matcher.group(1));
				switch (matcher.group(2)) {
					case "ms":
						return Duration.ofMillis(amount);
					case "s":
						return Duration.ofSeconds(amount);
					default:
						return Duration.ofMinutes(amount);
				}
			}
			Duration parsed = Duration.parse(setting.value());
			if (!parsed.isNegative()) {
				return parsed;
			}
		}
		catch (RuntimeException e) {
			// fall through to the error that names key, value and what is allowed
		}
		throw setting.invalid(DURATION_ALLOWED);
	}

	/** One configured value and where it came from. */
	public record Setting(String key, String value, String source) {

		/** The error for a value that is not allowed. */
		public FreePortException invalid(String allowed) {
			return new FreePortException("Invalid value '" + value + "' for " + key + " (from " + source + "): expected "
					+ allowed);
		}
	}
}
