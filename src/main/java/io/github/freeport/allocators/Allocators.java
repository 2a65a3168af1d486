package io.github.freeport.allocators;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.github.freeport.FreePortException;
import io.github.freeport.allocation.EphemeralRange;
import io.github.freeport.allocation.PortAllocator;
import io.github.freeport.config.Configuration;
import io.github.freeport.config.Configuration.Setting;
import io.github.freeport.config.Keys;
import io.github.freeport.registry.FileLockRegistry;
import org.apiguardian.api.API;

/**
 * This JVM's allocators, one per registry folder, each made the first time a configuration names its
 * folder. Everything that leases or looks up leases goes through here, so a JVM opens a registry folder once.
 */
@API(status = INTERNAL, since = "0.1")
public final class Allocators {

	private static final ConcurrentMap<Path, PortAllocator> BY_FOLDER = new ConcurrentHashMap<>();

	private Allocators() {
	}

	/**
	 * The allocator over the configured registry folder. Making it validates the configuration. Nothing is
	 * logged on the way: a test JVM's first port pays for no logging framework ({@code freeport doctor} lists
	 * the effective configuration).
	 *
	 * @throws FreePortException when the configuration is invalid, or when it requires a registry whose file
	 *         locks do not work
	 */
	public static PortAllocator forConfiguration(Configuration configuration) {
		Path folder = configuration.registryPath();
		PortAllocator allocator = BY_FOLDER.get(folder);
		if (allocator == null) {
			synchronized (BY_FOLDER) {
				allocator = BY_FOLDER.get(folder);
				if (allocator == null) {
					configuration.validate();
					FileLockRegistry registry = FileLockRegistry.forFolder(folder, configuration.registryDir().source());
					allocator = new PortAllocator(registry, EphemeralRange.detect());
					BY_FOLDER.put(folder, allocator);
				}
			}
		}
		if (configuration.registryRequired()) {
			Optional<String> warning = allocator.registry().lockingWarning();
			if (warning.isPresent()) {
				Optional<Setting> required = configuration.get(Keys.REGISTRY_REQUIRED);
				throw new FreePortException("Refusing to allocate: " + warning.get() + " (" + Keys.REGISTRY_REQUIRED
						+ "=true, from " + (required.isPresent() ? required.get().source() : "?") + ")");
			}
		}
		return allocator;
	}
}
