package io.github.freeport.config;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

/**
 * The name of every configuration key freeport reads: the one place each is spelled. What a key accepts,
 * its default and what it does are in {@link KeyTable}. Constants, so that an annotation can name them in
 * its own constants ({@code String RANGE_PROPERTY_NAME = Keys.RANGE;}) and Javadoc in {@code {@value}}.
 */
@API(status = INTERNAL)
public final class Keys {

	/** What every key starts with; an unknown key under it is an error. */
	public static final String PREFIX = "freeport.";

	public static final String PROFILE = "freeport.profile";
	public static final String RANGE = "freeport.range";
	public static final String STRATEGY = "freeport.strategy";
	public static final String EXHAUSTION_TIMEOUT = "freeport.exhaustion.timeout";
	public static final String QUARANTINE = "freeport.quarantine";
	public static final String PROBE_ADDRESS = "freeport.probe.address";
	public static final String REGISTRY_DIR = "freeport.registry.dir";
	public static final String REGISTRY_REQUIRED = "freeport.registry.required";
	public static final String LOG_DIR = "freeport.log.dir";
	public static final String LOG_ATTACH = "freeport.log.attach";
	public static final String RUN_ID = "freeport.run.id";
	public static final String FORK = "freeport.fork";
	public static final String CHAOS_PROBABILITY = "freeport.chaos.probability";
	public static final String CHAOS_SEED = "freeport.chaos.seed";

	private Keys() {
	}
}
