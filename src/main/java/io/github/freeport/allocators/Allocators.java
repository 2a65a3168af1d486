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

	/**
	 * The last configuration asked for and its answer: a JUnit run, and {@code Ports} while the system
	 * properties stay as they were, ask with the same configuration every time, and the look-ups of its folder
	 * and settings cost more than the lease in a young JVM.
	 */
	private static volatile Last last;

	/** A configuration, its allocator, and whether it requires a registry whose locks are trusted. */
	private static final class Last {

		final Configuration configuration;
		final PortAllocator allocator;
		final boolean registryRequired;

		Last(Configuration configuration, PortAllocator allocator, boolean registryRequired) {
			this.configuration = configuration;
			this.allocator = allocator;
			this.registryRequired = registryRequired;
		}
	}

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
		Last known = last;
		if (known != null && known.configuration == configuration) {
			if (known.registryRequired) {
				refuseUntrustedLocks(configuration, known.allocator);
			}
			return known.allocator;
		}
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
		boolean registryRequired = configuration.registryRequired();
		if (registryRequired) {
			refuseUntrustedLocks(configuration, allocator);
		}
		if (configuration.isMemoized()) { // else its values may change from one call to the next
			last = new Last(configuration, allocator, registryRequired);
		}
		return allocator;
	}

	/**
	 * Fails when the allocator's registry is on a file system whose locks may not be trusted: looked at each
	 * time, since a lock file opened again may be elsewhere.
	 */
	private static void refuseUntrustedLocks(Configuration configuration, PortAllocator allocator) {
		Optional<String> warning = allocator.registry().lockingWarning();
		if (warning.isPresent()) {
			Optional<Setting> required = configuration.get(Keys.REGISTRY_REQUIRED);
			throw new FreePortException("Refusing to allocate: " + warning.get() + " (" + Keys.REGISTRY_REQUIRED
					+ "=true, from " + (required.isPresent() ? required.get().source() : "?") + ")");
		}
	}
}
