package io.github.freeport.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.github.freeport.config.Configuration;
import io.github.freeport.config.Configuration.Setting;
import io.github.freeport.config.Keys;
import io.github.freeport.config.Origin;
import io.github.freeport.registry.FileLockRegistry;
import picocli.CommandLine.Option;

/**
 * {@code --registry-dir}, shared by the commands that use the registry; without it, the folder comes from
 * freeport's usual configuration (system property, then {@code FREEPORT_REGISTRY_DIR}, then the default).
 */
final class RegistryOptions {

	@Option(names = "--registry-dir", paramLabel = "FOLDER",
		description = "The registry folder. Default: system property " + Keys.REGISTRY_DIR + ", else environment variable"
				+ " FREEPORT_REGISTRY_DIR, else freeport-<user> under the temp folder.")
	Path registryDir;

	/** freeport's configuration, with {@code --registry-dir} over the system property and environment. */
	Configuration configuration() {
		Optional<String> folder = Optional.ofNullable(registryDir).map(Path::toString);
		return Configuration.from(key -> key.equals(Keys.REGISTRY_DIR) ? folder : Optional.empty());
	}

	/** The registry folder and where it was configured. */
	Setting registryDir() {
		if (registryDir != null) {
			return new Setting(Keys.REGISTRY_DIR, registryDir.toAbsolutePath().normalize().toString(),
				Origin.ANNOTATION, "option --registry-dir");
		}
		return configuration().registryDir();
	}

	/** The effective configuration, with the registry folder's source as this command line says it. */
	List<Setting> effective() {
		List<Setting> settings = new ArrayList<>(configuration().effective());
		settings.replaceAll(s -> s.key().equals(Keys.REGISTRY_DIR) ? registryDir() : s);
		return settings;
	}

	/** The registry, opened (and its folder checked) as freeport opens it. */
	FileLockRegistry open() {
		Setting folder = registryDir();
		return FileLockRegistry.forFolder(configuration().registryPath(), folder.source());
	}
}
