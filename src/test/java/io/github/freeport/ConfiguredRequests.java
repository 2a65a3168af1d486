package io.github.freeport;

import io.github.freeport.config.Configuration;

/**
 * Requests over a configuration of the test's own (a registry folder of its own, say), for tests in any
 * package: the public API reads the configuration from system properties and environment variables only.
 */
public final class ConfiguredRequests {

	private ConfiguredRequests() {
	}

	/** As {@link Ports#request()}, with unset options from {@code configuration}. */
	public static PortRequest request(Configuration configuration) {
		return new PortRequest(configuration);
	}
}
