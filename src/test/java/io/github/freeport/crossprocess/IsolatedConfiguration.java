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

	public static Configuration forRegistry(Path folder) {
		String value = folder.toString();
		return Configuration.from(key -> key.equals(FreePort.REGISTRY_DIR_PROPERTY_NAME) ? Optional.of(value) : Optional.empty(),
			variable -> null);
	}
}
