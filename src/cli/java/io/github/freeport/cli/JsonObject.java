package io.github.freeport.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** One JSON object, written by hand: keys in insertion order, strings escaped per RFC 8259. */
final class JsonObject {

	private final Map<String, String> members = new LinkedHashMap<>();

	JsonObject put(String key, String value) {
		members.put(key, value == null ? "null" : quote(value));
		return this;
	}

	JsonObject put(String key, long value) {
		members.put(key, Long.toString(value));
		return this;
	}

	JsonObject put(String key, boolean value) {
		members.put(key, Boolean.toString(value));
		return this;
	}

	JsonObject put(String key, List<JsonObject> values) {
		members.put(key, values.stream().map(JsonObject::toString).collect(Collectors.joining(",", "[", "]")));
		return this;
	}

	@Override
	public String toString() {
		return members.entrySet().stream().map(e -> quote(e.getKey()) + ":" + e.getValue())
			.collect(Collectors.joining(",", "{", "}"));
	}

	static String quote(String text) {
		StringBuilder quoted = new StringBuilder(text.length() + 2).append('"');
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '"':
					quoted.append("\\\"");
					break;
				case '\\':
					quoted.append("\\\\");
					break;
				case '\n':
					quoted.append("\\n");
					break;
				case '\r':
					quoted.append("\\r");
					break;
				case '\t':
					quoted.append("\\t");
					break;
				default:
					if (c < 0x20) {
						quoted.append(String.format("\\u%04x", (int) c));
					}
					else {
						quoted.append(c);
					}
			}
		}
		return quoted.append('"').toString();
	}
}
