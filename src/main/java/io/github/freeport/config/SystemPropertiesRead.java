package io.github.freeport.config;

import java.util.Arrays;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

/**
 * The system properties a configuration read, and what each was: whether they are all still the same is
 * a dozen look-ups, where reading and parsing the configuration again costs more than a lease. A memoized
 * configuration reads each key once, so the record only grows, and is checked from plain arrays.
 */
final class SystemPropertiesRead implements Function<String, Optional<String>> {

	/** Stands for a property that was not set. */
	private static final String ABSENT = new String("absent");

	private volatile String[] keys = new String[0];
	private volatile String[] values = new String[0];

	/** A system property, remembered. */
	@Override
	public Optional<String> apply(String key) {
		String value = System.getProperty(key);
		synchronized (this) {
			String[] grownKeys = Arrays.copyOf(keys, keys.length + 1);
			String[] grownValues = Arrays.copyOf(values, values.length + 1);
			grownKeys[keys.length] = key;
			grownValues[values.length] = value == null ? ABSENT : value;
			values = grownValues;
			keys = grownKeys;
		}
		return Optional.ofNullable(value);
	}

	/**
	 * Whether every property read is still what it was. Asks the system properties object itself, once found,
	 * rather than {@link System#getProperty} per key: that runs three more calls per key, and a young JVM
	 * interprets this loop on every request.
	 */
	boolean unchanged() {
		String[] readKeys = keys;
		String[] readValues = values;
		int read = Math.min(readKeys.length, readValues.length);
		Properties properties;
		try {
			properties = System.getProperties();
		}
		catch (SecurityException e) { // allowed to read single properties only
			properties = null;
		}
		for (int i = 0; i < read; i++) {
			String was = readValues[i];
			String now = properties != null ? properties.getProperty(readKeys[i]) : System.getProperty(readKeys[i]);
			if (was == ABSENT ? now != null : !was.equals(now)) {
				return false;
			}
		}
		return true;
	}
}
