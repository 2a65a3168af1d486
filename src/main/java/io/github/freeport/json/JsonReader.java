package io.github.freeport.json;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apiguardian.api.API;

/**
 * A strict reader of one JSON value (RFC 8259): objects as {@link Map} (members in their order), arrays as
 * {@link List}, integers as {@link Long}, other numbers as {@link Double}, {@code true}/{@code false},
 * {@code null}, strings. Anything else, a trailing comma or text after the value included, is refused.
 */
@API(status = INTERNAL, since = "0.1")
public final class JsonReader {

	private final String text;
	private int at;

	private JsonReader(String text) {
		this.text = text;
	}

	/**
	 * Reads one JSON value that must fill the whole text (white space aside).
	 *
	 * @throws IllegalArgumentException naming the position and what was expected
	 */
	public static Object read(String text) {
		JsonReader json = new JsonReader(text);
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
					int code = 0;
					for (int i = 0; i < 4; i++) {
						int digit = at < text.length() ? hexDigit(text.charAt(at)) : -1;
						if (digit < 0) {
							throw error("four hex digits");
						}
						code = code * 16 + digit;
						at++;
					}
					out.append((char) code);
				}
				default -> {
					at--;
					throw error("a valid escape");
				}
			}
		}
	}

	/** The value of an ASCII hex digit, else -1 (not {@code Character.digit}, which takes other scripts' digits too). */
	static int hexDigit(int c) {
		if (c >= '0' && c <= '9') {
			return c - '0';
		}
		if (c >= 'a' && c <= 'f') {
			return c - 'a' + 10;
		}
		if (c >= 'A' && c <= 'F') {
			return c - 'A' + 10;
		}
		return -1;
	}

	/** A number as RFC 8259 spells it: no leading zeros, no lone point, no plus sign in front. */
	private Object number() {
		int start = at;
		if (peek('-')) {
			at++;
		}
		if (peek('0')) {
			at++;
		}
		else if (!digits()) {
			throw error("a digit");
		}
		boolean integral = true;
		if (peek('.')) {
			at++;
			integral = false;
			if (!digits()) {
				throw error("a digit after the decimal point");
			}
		}
		if (peek('e') || peek('E')) {
			at++;
			integral = false;
			if (peek('+') || peek('-')) {
				at++;
			}
			if (!digits()) {
				throw error("a digit in the exponent");
			}
		}
		String number = text.substring(start, at);
		if (!integral) {
			return Double.parseDouble(number);
		}
		try {
			return Long.parseLong(number);
		}
		catch (NumberFormatException e) {
			at = start;
			throw error("an integer within 64 bits");
		}
	}

	/** Skips the digits here; whether there was one. */
	private boolean digits() {
		int from = at;
		while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
			at++;
		}
		return at > from;
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
