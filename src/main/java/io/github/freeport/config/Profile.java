package io.github.freeport.config;

import java.util.Map;
import java.util.Set;

/**
 * A named bundle of defaults: range, strategy, exhaustion wait, quarantine, probe address and whether a
 * registry on an unreliable file system is refused. Built in: {@code local}, {@code ci} and
 * {@code shared-host}; users define their own with {@code freeport.profile.<name>.<key>=...} (or change a
 * built-in one the same way).
 *
 * @param name the profile's name
 * @param values its values, by key without the {@code freeport.} prefix (e.g. {@code exhaustion.timeout})
 */
public record Profile(String name, Map<String, String> values) {

	/** The keys a profile may set, without the {@code freeport.} prefix. */
	public static final Set<String> KEYS = Set.of("range", "strategy", "exhaustion.timeout", "quarantine",
		"probe.address", "registry.required");

	/** Fast on a laptop: scan from a random start, short waits. */
	public static final Profile LOCAL = new Profile("local", Map.of("strategy", "scan", "exhaustion.timeout", "5s",
		"quarantine", "1s", "probe.address", "wildcard", "registry.required", "false"));

	/** Spread out on a CI runner: random order, longer waits. */
	public static final Profile CI = new Profile("ci", Map.of("strategy", "random", "exhaustion.timeout", "30s",
		"quarantine", "2s", "probe.address", "wildcard", "registry.required", "false"));

	/** Conservative on a host shared by several builds: widest quarantine, a registry that must lock. */
	public static final Profile SHARED_HOST = new Profile("shared-host", Map.of("strategy", "random",
		"exhaustion.timeout", "60s", "quarantine", "10s", "probe.address", "wildcard", "registry.required", "true"));

	static final Map<String, Profile> BUILT_IN = Map.of(LOCAL.name(), LOCAL, CI.name(), CI, SHARED_HOST.name(), SHARED_HOST);

	public Profile {
		values = Map.copyOf(values);
	}
}
