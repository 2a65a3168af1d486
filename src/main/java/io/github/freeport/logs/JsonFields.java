package io.github.freeport.logs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.github.freeport.json.JsonReader;

/**
 * Typed access to one object of a JSON Lines log, with errors that name the field, what the line is
 * ({@code allocation event}, {@code failed allocation}, ...) and the line itself.
 *
 * @param object the parsed object
 * @param line the line it was read from
 * @param what what the line holds, for messages
 */
record JsonFields(Map<?, ?> object, String line, String what) {

	/** The value of {@code "kind"} for lines written before kinds existed: allocation events. */
	static final String ALLOCATION = "allocation";

	/**
	 * Parses a line and checks its format version ({@code "v"}).
	 *
	 * @throws IllegalArgumentException naming what is wrong with the line
	 */
	static JsonFields of(String line, String what) {
		if (!(JsonReader.read(line) instanceof Map<?, ?> object)) {
			throw new IllegalArgumentException("Invalid " + what + ": expected a JSON object but was: " + shorten(line));
		}
		JsonFields fields = new JsonFields(object, line, what);
		long version = fields.number("v");
		if (version != AllocationEvent.FORMAT_VERSION) {
			throw new IllegalArgumentException("Unsupported " + what + " version " + version + " (this reader knows "
					+ AllocationEvent.FORMAT_VERSION + "): " + shorten(line));
		}
		return fields;
	}

	/** What kind of line this is: {@code "kind"}, or {@value #ALLOCATION} where it is absent. */
	String kind() {
		return has("kind") ? string("kind") : ALLOCATION;
	}

	/** The same line, named differently in messages. */
	JsonFields as(String name) {
		return new JsonFields(object, line, name);
	}

	boolean has(String name) {
		return object.containsKey(name);
	}

	Object required(String name) {
		if (!object.containsKey(name)) {
			throw invalid(name, "is missing");
		}
		return object.get(name);
	}

	String string(String name) {
		if (required(name) instanceof String value) {
			return value;
		}
		throw invalid(name, "must be a string");
	}

	String nullableString(String name) {
		Object value = object.get(name);
		if (value == null || value instanceof String) {
			return (String) value;
		}
		throw invalid(name, "must be a string or null");
	}

	long number(String name) {
		if (required(name) instanceof Long value) {
			return value;
		}
		throw invalid(name, "must be an integer");
	}

	List<?> list(String name) {
		if (required(name) instanceof List<?> value) {
			return value;
		}
		throw invalid(name, "must be an array");
	}

	List<String> strings(String name) {
		List<String> strings = new ArrayList<>();
		for (Object item : list(name)) {
			if (!(item instanceof String text)) {
				throw invalid(name, "must be strings");
			}
			strings.add(text);
		}
		return strings;
	}

	List<Integer> integers(String name) {
		List<Integer> integers = new ArrayList<>();
		for (Object item : list(name)) {
			if (!(item instanceof Long number)) {
				throw invalid(name, "must be integers");
			}
			integers.add(number.intValue());
		}
		return integers;
	}

	/** An item of the array {@code name}, which must be an object. */
	JsonFields object(Object item, String name) {
		if (item instanceof Map<?, ?> map) {
			return new JsonFields(map, line, what);
		}
		throw invalid(name, "must be objects");
	}

	<E extends Enum<E>> E enumValue(String name, Class<E> type) {
		String value = string(name);
		try {
			return Enum.valueOf(type, value);
		}
		catch (IllegalArgumentException e) {
			throw invalid(name, "must be one of " + Arrays.toString(type.getEnumConstants()) + " but was '" + value + "'");
		}
	}

	Instant instant(String value) {
		try {
			return Instant.parse(value);
		}
		catch (RuntimeException e) {
			throw new IllegalArgumentException("Invalid " + what + ": '" + value + "' is not an ISO-8601 instant: "
					+ shorten(line));
		}
	}

	IllegalArgumentException invalid(String name, String problem) {
		return new IllegalArgumentException("Invalid " + what + ": \"" + name + "\" " + problem + ": " + shorten(line));
	}

	static String shorten(String line) {
		return line.length() > 200 ? line.substring(0, 200) + "..." : line;
	}
}
