package io.github.freeport.crossprocess;

import java.nio.file.Path;
import java.util.Optional;

import io.github.freeport.FreePort;
import io.github.freeport.config.Configuration;

/**
 * A configuration that names only a registry folder, ignoring system properties and the environment:
 * a fresh folder per test gives a fresh registry in this JVM (registries are kept per folder).
 */
public final class IsolatedConfiguration {

	private IsolatedConfiguration() {
	}

	/** Also a log folder, so that what a test's reservations log stays in the test's folders. */
	public static Configuration forRegistry(Path folder, Path logDir) {
		java.util.Map<String, String> values = java.util.Map.of(FreePort.REGISTRY_DIR_PROPERTY_NAME, folder.toString(),
			FreePort.LOG_DIR_PROPERTY_NAME, logDir.toString());
		return Configuration.from(key -> Optional.ofNullable(values.get(key)), variable -> null);
	}

	public static Configuration forRegistry(Path folder) {
		String value = folder.toString();
		return Configuration.from(key -> key.equals(FreePort.REGISTRY_DIR_PROPERTY_NAME) ? Optional.of(value) : Optional.empty(),
			variable -> null);
	}
}
