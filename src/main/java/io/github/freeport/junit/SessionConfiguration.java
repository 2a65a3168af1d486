package io.github.freeport.junit;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

import io.github.freeport.config.Configuration;

/**
 * The configuration a launcher session names its run folder with, before any test plan exists: system
 * properties, then the first {@code junit-platform.properties} on the class path (the one JUnit reads), then
 * environment variables, as the extension sees them. With system properties alone, a {@code freeport.log.dir}
 * set in {@code junit-platform.properties} put the fork's open marker in another folder than its events, so a
 * fork that finished early took the run for finished and printed its summary line too soon.
 */
final class SessionConfiguration {

	private static final String FILE = "junit-platform.properties";

	private SessionConfiguration() {
	}

	static Configuration read() {
		return Configuration.from(new SystemPropertiesThenFile(junitPlatformProperties()));
	}

	/** A key's system property, else its line in the file: a class, not a lambda, on every session's way in. */
	private static final class SystemPropertiesThenFile implements Function<String, Optional<String>> {

		private final Properties file;

		SystemPropertiesThenFile(Properties file) {
			this.file = file;
		}

		@Override
		public Optional<String> apply(String key) {
			String property = System.getProperty(key);
			return Optional.ofNullable(property != null ? property : file.getProperty(key));
		}
	}

	private static Properties junitPlatformProperties() {
		Properties properties = new Properties();
		ClassLoader loader = Thread.currentThread().getContextClassLoader();
		URL file = (loader != null ? loader : SessionConfiguration.class.getClassLoader()).getResource(FILE);
		if (file != null) {
			try (InputStream in = file.openStream()) {
				properties.load(in);
			}
			catch (IOException | IllegalArgumentException e) {
				// JUnit reports an unreadable file itself; the session goes on with system properties
			}
		}
		return properties;
	}
}
