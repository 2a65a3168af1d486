package io.github.freeport.logs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The little JSON the log needs, by hand: an escaper for writing and a strict reader of one value
 * (objects as {@link Map}, arrays as {@link List}, integers as {@link Long}, other numbers as
 * {@link Double}, {@code true}/{@code false}, {@code null}, strings).
 */
final class Json {

	private final String text;
	private int at;

	private Json(String text) {
		this.text = text;
	}

	/** {@code value} as a JSON string literal, quotes included, on one line (JSON Lines). */
	static String quote(String value) {
		StringBuilder out = new StringBuilder(value.length() + 2).append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				case '\t' -> out.append("\\t");
				case '\b' -> out.append("\\b");
				case '\f' -> out.append("\\f");
				default -> {
					// control characters, the line separators some readers split on, and lone surrogates (not UTF-8)
					if (c < 0x20 || c == '\u2028' || c == '\u2029' || c == '\u0085' || Character.isSurrogate(c)
							&& !isPairedSurrogate(value, i)) {
						out.append(String.format("\\u%04x", (int) c));
					}
					else {
						out.append(c);
					}
				}
			}
		}
		return out.append('"').toString();
	}

	private static boolean isPairedSurrogate(String value, int i) {
		char c = value.charAt(i);
		if (Character.isHighSurrogate(c)) {
			return i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1));
		}
		return i > 0 && Character.isHighSurrogate(value.charAt(i - 1));
	}

	/**
	 * Reads one JSON value that must fill the whole text (white space aside).
	 *
	 * @throws IllegalArgumentException naming the position and what was expected
	 */
	static Object parse(String text) {
		Json json = new Json(text);
		json.skipSpace();
		Object value = json.value();
		json.skipSpace();
		if (json.at != text.length()) {
			throw json.error("end of input");
		}
		return value;
	}

	private Object value() {
		if (at >= text.length()) {
			throw error("a value");
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
				if (c == '-' || c >= '0' && c <= '9') {
					return number();
				}
				throw error("a value");
		}
	}

	private Map<String, Object> object() {
		Map<String, Object> object = new LinkedHashMap<>();
		at++;
		skipSpace();
		if (peek('}')) {
			at++;
			return object;
		}
		while (true) {
			skipSpace();
			if (!peek('"')) {
				throw error("a member name in quotes");
			}
			String name = string();
			skipSpace();
			expect(':');
			skipSpace();
			object.put(name, value());
			skipSpace();
			if (peek(',')) {
				at++;
				continue;
			}
			expect('}');
			return object;
		}
	}

	private List<Object> array() {
		List<Object> array = new ArrayList<>();
		at++;
		skipSpace();
		if (peek(']')) {
			at++;
			return array;
		}
		while (true) {
			skipSpace();
			array.add(value());
			skipSpace();
			if (peek(',')) {
				at++;
				continue;
			}
			expect(']');
			return array;
		}
	}

	private String string() {
		at++;
		StringBuilder out = new StringBuilder();
		while (true) {
			if (at >= text.length()) {
				throw error("a closing quote");
			}
			char c = text.charAt(at++);
			if (c == '"') {
				return out.toString();
			}
			if (c < 0x20) {
				throw error("no raw control character in a string");
			}
			if (c != '\\') {
				out.append(c);
				continue;
			}
			if (at >= text.length()) {
				throw error("an escape");
			}
			char e = text.charAt(at++);
			switch (e) {
				case '"', '\\', '/' -> out.append(e);
				case 'n' -> out.append('\n');
				case 'r' -> out.append('\r');
				case 't' -> out.append('\t');
				case 'b' -> out.append('\b');
				case 'f' -> out.append('\f');
				case 'u' -> {
					if (at + 4 > text.length()) {
						throw error("four hex digits");
					}
					try {
						out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
					}
					catch (NumberFormatException ex) {
						throw error("four hex digits");
					}
					at += 4;
				}
				default -> {
					at--;
					throw error("a valid escape");
				}
			}
		}
	}

	private Object number() {
		int start = at;
		if (peek('-')) {
			at++;
		}
		boolean integral = true;
		while (at < text.length()) {
			char c = text.charAt(at);
			if (c >= '0' && c <= '9') {
				at++;
			}
			else if (c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') {
				integral = false;
				at++;
			}
			else {
				break;
			}
		}
		String number = text.substring(start, at);
		try {
			return integral ? (Object) Long.parseLong(number) : (Object) Double.parseDouble(number);
		}
		catch (NumberFormatException e) {
			at = start;
			throw error("a number");
		}
	}

	private Object literal(String word, Object value) {
		if (!text.startsWith(word, at)) {
			throw error("'" + word + "'");
		}
		at += word.length();
		return value;
	}

	private boolean peek(char c) {
		return at < text.length() && text.charAt(at) == c;
	}

	private void expect(char c) {
		if (!peek(c)) {
			throw error("'" + c + "'");
		}
		at++;
	}

	private void skipSpace() {
		while (at < text.length() && " \t\r\n".indexOf(text.charAt(at)) >= 0) {
			at++;
		}
	}

	private IllegalArgumentException error(String expected) {
		String found = at < text.length() ? "'" + text.charAt(at) + "'" : "the end";
		return new IllegalArgumentException("Invalid JSON at character " + at + ": expected " + expected + " but found " + found);
	}
}
