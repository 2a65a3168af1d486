package io.github.freeport.logs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.github.freeport.json.JsonMembers;
import io.github.freeport.json.JsonReader;

/**
 * Typed access to one object of a JSON Lines log, with errors that name the field, what the line is
 * ({@code allocation event}, {@code failed allocation}, ...) and the line itself. A line of a log is read
 * where it lies, by {@link JsonMembers}, and only the values asked for are decoded; a nested object, or a
 * line read as text, is a map that {@link JsonReader} built.
 */
final class JsonFields {

	/** The value of {@code "kind"} for lines written before kinds existed: allocation events. */
	static final String ALLOCATION = "allocation";

	/** The line's members, where it was read in place; else null. */
	private final JsonMembers members;
	/** The parsed object, where it was built; else null. */
	private final Map<?, ?> object;
	/** The line, for messages: made from {@link #members} when first needed. */
	private String line;
	private final String what;

	private JsonFields(JsonMembers members, Map<?, ?> object, String line, String what) {
		this.members = members;
		this.object = object;
		this.line = line;
		this.what = what;
	}

	/**
	 * Parses a line and checks its format version ({@code "v"}).
	 *
	 * @throws IllegalArgumentException naming what is wrong with the line
	 */
	static JsonFields of(String line, String what) {
		if (!(JsonReader.read(line) instanceof Map<?, ?> object)) {
			throw new IllegalArgumentException("Invalid " + what + ": expected a JSON object but was: " + shorten(line));
		}
		return checked(new JsonFields(null, object, line, what));
	}

	/**
	 * A line already read by {@link JsonMembers#read}, which accepted it; its format version is checked. The
	 * fields are valid while {@code members} holds this line.
	 *
	 * @throws IllegalArgumentException naming what is wrong with the line
	 */
	static JsonFields of(JsonMembers members, String what) {
		return checked(new JsonFields(members, null, null, what));
	}

	private static JsonFields checked(JsonFields fields) {
		long version = fields.number("v");
		if (version != AllocationEvent.FORMAT_VERSION) {
			throw new IllegalArgumentException("Unsupported " + fields.what + " version " + version + " (this reader knows "
					+ AllocationEvent.FORMAT_VERSION + "): " + shorten(fields.line()));
		}
		return fields;
	}

	/** What kind of line this is: {@code "kind"}, or {@value #ALLOCATION} where it is absent. */
	String kind() {
		return has("kind") ? string("kind") : ALLOCATION;
	}

	/** The same line, named differently in messages. */
	JsonFields as(String name) {
		return new JsonFields(members, object, line, name);
	}

	/** The line these fields were read from. */
	String line() {
		if (line == null) {
			line = members.text();
		}
		return line;
	}

	boolean has(String name) {
		return members != null ? members.find(name) >= 0 : object.containsKey(name);
	}

	Object required(String name) {
		if (members != null) {
			int member = members.find(name);
			if (member < 0) {
				throw invalid(name, "is missing");
			}
			return members.value(member);
		}
		if (!object.containsKey(name)) {
			throw invalid(name, "is missing");
		}
		return object.get(name);
	}

	String string(String name) {
		if (members != null) {
			int member = members.find(name);
			if (member >= 0 && members.kind(member) == '"') {
				return members.string(member);
			}
		}
		if (required(name) instanceof String value) {
			return value;
		}
		throw invalid(name, "must be a string");
	}

	String nullableString(String name) {
		if (members != null) {
			int member = members.find(name);
			if (member < 0 || members.kind(member) == 'n') {
				return null;
			}
			if (members.kind(member) == '"') {
				return members.string(member);
			}
			throw invalid(name, "must be a string or null");
		}
		Object value = object.get(name);
		if (value == null || value instanceof String) {
			return (String) value;
		}
		throw invalid(name, "must be a string or null");
	}

	long number(String name) {
		if (members != null) {
			int member = members.find(name);
			if (member >= 0 && members.isInteger(member)) {
				return members.integer(member);
			}
		}
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
			return new JsonFields(null, map, line(), what);
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
			return UtcTimes.parse(value);
		}
		catch (RuntimeException e) {
			throw new IllegalArgumentException("Invalid " + what + ": '" + value + "' is not an ISO-8601 instant: "
					+ shorten(line()));
		}
	}

	IllegalArgumentException invalid(String name, String problem) {
		return new IllegalArgumentException("Invalid " + what + ": \"" + name + "\" " + problem + ": " + shorten(line()));
	}

	static String shorten(String line) {
		return line.length() > 200 ? line.substring(0, 200) + "..." : line;
	}
}
