package io.github.freeport.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict little JSON parser for the tests (the test classpath has none): objects become maps, arrays
 * lists, numbers longs (or doubles), and anything malformed an {@link IllegalArgumentException} naming
 * the offset.
 */
final class JsonParser {

	private final String text;
	private int at;

	private JsonParser(String text) {
		this.text = text;
	}

	static Object parse(String text) {
		JsonParser parser = new JsonParser(text);
		Object value = parser.value();
		parser.space();
		if (parser.at != text.length()) {
			throw parser.error("trailing text");
		}
		return value;
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> object(String text) {
		return (Map<String, Object>) parse(text);
	}

	private Object value() {
		space();
		if (at >= text.length()) {
			throw error("value expected");
		}
		char c = text.charAt(at);
		switch (c) {
			case '{':
				return object();
			case '[':
				return array();
			case '"':
				return string();
			case 't':
				return literal("true", Boolean.TRUE);
			case 'f':
				return literal("false", Boolean.FALSE);
			case 'n':
				return literal("null", null);
			default:
				return number();
		}
	}

	private Map<String, Object> object() {
		Map<String, Object> members = new LinkedHashMap<>();
		at++;
		space();
		if (peek('}')) {
			at++;
			return members;
		}
		while (true) {
			space();
			String key = string();
			space();
			expect(':');
			members.put(key, value());
			space();
			if (peek(',')) {
				at++;
				continue;
			}
			expect('}');
			return members;
		}
	}

	private List<Object> array() {
		List<Object> values = new ArrayList<>();
		at++;
		space();
		if (peek(']')) {
			at++;
			return values;
		}
		while (true) {
			values.add(value());
			space();
			if (peek(',')) {
				at++;
				continue;
			}
			expect(']');
			return values;
		}
	}

	private String string() {
		expect('"');
		StringBuilder value = new StringBuilder();
		while (at < text.length()) {
			char c = text.charAt(at++);
			if (c == '"') {
				return value.toString();
			}
			if (c < 0x20) {
				throw error("control character in string");
			}
			if (c != '\\') {
				value.append(c);
				continue;
			}
			char escape = text.charAt(at++);
			switch (escape) {
				case '"', '\\', '/' -> value.append(escape);
				case 'b' -> value.append('\b');
				case 'f' -> value.append('\f');
				case 'n' -> value.append('\n');
				case 'r' -> value.append('\r');
				case 't' -> value.append('\t');
				case 'u' -> {
					value.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
					at += 4;
				}
				default -> throw error("bad escape \\" + escape);
			}
		}
		throw error("unterminated string");
	}

	private Object number() {
		int start = at;
		while (at < text.length() && "+-0123456789.eE".indexOf(text.charAt(at)) >= 0) {
			at++;
		}
		String number = text.substring(start, at);
		if (number.isEmpty()) {
			throw error("value expected");
		}
		try {
			return number.matches("-?\\d+") ? (Object) Long.parseLong(number) : (Object) Double.parseDouble(number);
		}
		catch (NumberFormatException e) {
			throw error("bad number " + number);
		}
	}

	private Object literal(String word, Object value) {
		if (!text.startsWith(word, at)) {
			throw error(word + " expected");
		}
		at += word.length();
		return value;
	}

	private void space() {
		while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
			at++;
		}
	}

	private boolean peek(char c) {
		return at < text.length() && text.charAt(at) == c;
	}

	private void expect(char c) {
		if (!peek(c)) {
			throw error("'" + c + "' expected");
		}
		at++;
	}

	private IllegalArgumentException error(String what) {
		return new IllegalArgumentException("Invalid JSON at offset " + at + ": " + what + " in: " + text);
	}
}
