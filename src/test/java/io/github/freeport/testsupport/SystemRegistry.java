package io.github.freeport.testsupport;

import io.github.freeport.allocators.Allocators;
import io.github.freeport.config.Configuration;
import io.github.freeport.registry.FileLockRegistry;

/** The registry that {@code Ports.reserve()} leases from: the one of the system properties' configuration. */
public final class SystemRegistry {

	private SystemRegistry() {
	}

	public static FileLockRegistry registry() {
		return Allocators.forConfiguration(Configuration.fromSystem()).registry();
	}
}
