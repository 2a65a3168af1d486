package io.github.freeport.config;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The system properties a configuration read, and what each was: whether they are all still the same is
 * a dozen look-ups, where reading and parsing the configuration again costs more than a lease.
 */
final class SystemPropertiesRead {

	/** Stands for a property that was not set: the map holds no nulls. */
	private static final String ABSENT = new String("absent");

	private final Map<String, String> values = new ConcurrentHashMap<>();

	/** A system property, remembered. */
	Optional<String> get(String key) {
		String value = System.getProperty(key);
		values.put(key, value == null ? ABSENT : value);
		return Optional.ofNullable(value);
	}

	/** Whether every property read is still what it was. */
	boolean unchanged() {
		for (Map.Entry<String, String> read : values.entrySet()) {
			String was = read.getValue();
			String now = System.getProperty(read.getKey());
			if (was == ABSENT ? now != null : !was.equals(now)) {
				return false;
			}
		}
		return true;
	}
}
