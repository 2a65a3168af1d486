package io.github.freeport.config;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.apiguardian.api.API;

/**
 * A named bundle of defaults: range, strategy, exhaustion wait, quarantine, probe address and whether a
 * registry on an unreliable file system is refused. Built in: {@code local}, {@code ci} and
 * {@code shared-host}, with the values the {@link KeyTable} gives them; users define their own with
 * {@code freeport.profile.<name>.<key>=...} (or change a built-in one the same way).
 *
 * @param name the profile's name
 * @param values its values, by key without the {@code freeport.} prefix (e.g. {@code exhaustion.timeout})
 */
@API(status = INTERNAL)
public record Profile(String name, Map<String, String> values) {

	/** The keys a profile may set, without the {@code freeport.} prefix. */
	public static final Set<String> KEYS = settableKeys();

	/** Fast on a laptop: scan from a random start, short waits. */
	public static final Profile LOCAL = builtIn(KeyTable.LOCAL);

	/** Spread out on a CI runner: random order, longer waits. */
	public static final Profile CI = builtIn(KeyTable.CI);

	/** Conservative on a host shared by several builds: widest quarantine, a registry that must lock. */
	public static final Profile SHARED_HOST = builtIn(KeyTable.SHARED_HOST);

	static final Map<String, Profile> BUILT_IN = Map.of(LOCAL.name(), LOCAL, CI.name(), CI, SHARED_HOST.name(), SHARED_HOST);

	public Profile {
		values = Map.copyOf(values);
	}

	private static Set<String> settableKeys() {
		Set<String> keys = new HashSet<>();
		for (Key<?> key : KeyTable.ALL) {
			if (key.settableByProfiles()) {
				keys.add(key.shortName());
			}
		}
		return Set.copyOf(keys);
	}

	private static Profile builtIn(String name) {
		Map<String, String> values = new LinkedHashMap<>();
		for (Key<?> key : KeyTable.ALL) {
			String value = key.profiles().get(name);
			if (value != null) {
				values.put(key.shortName(), value);
			}
		}
		return new Profile(name, values);
	}
}
