package io.github.freeport.allocators;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Collectors;

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
	 * The allocator over the configured registry folder. Making it validates the configuration and logs the
	 * effective values once.
	 *
	 * @throws FreePortException when the configuration is invalid, or when it requires a registry whose file
	 *         locks do not work
	 */
	public static PortAllocator forConfiguration(Configuration configuration) {
		Path folder = configuration.registryPath();
		PortAllocator allocator = BY_FOLDER.get(folder);
		if (allocator == null) {
			Setting source = configuration.registryDir();
			allocator = BY_FOLDER.computeIfAbsent(folder, path -> {
				configuration.validate();
				FileLockRegistry registry = FileLockRegistry.forFolder(path, source.source());
				EphemeralRange ephemeral = EphemeralRange.detect();
				System.getLogger(Allocators.class.getPackageName()).log(Level.INFO, () -> "freeport " + configuration.effective().stream()
					.map(Setting::toString).collect(Collectors.joining(", ")) + "; OS ephemeral range " + ephemeral);
				return new PortAllocator(registry, ephemeral);
			});
		}
		if (configuration.registryRequired()) {
			allocator.registry().lockingWarning().ifPresent(warning -> {
				throw new FreePortException("Refusing to allocate: " + warning + " (" + Keys.REGISTRY_REQUIRED
						+ "=true, from " + configuration.get(Keys.REGISTRY_REQUIRED).map(Setting::source).orElse("?") + ")");
			});
		}
		return allocator;
	}
}
