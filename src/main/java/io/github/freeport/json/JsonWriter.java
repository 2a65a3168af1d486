package io.github.freeport.json;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.Arrays;

import org.apiguardian.api.API;

/**
 * Writes one JSON value, compact and on one line (a JSON Lines record), members and elements in the order
 * written:
 *
 * <pre>{@code
 * String json = new JsonWriter().beginObject().name("port").value(8080).name("tags").beginArray().value("a")
 * 	.endArray().endObject().toString(); // {"port":8080,"tags":["a"]}
 * }</pre>
 *
 * <p>Strings are escaped for every reader: quotes, backslashes and control characters, the line separators
 * some readers split lines on (U+2028, U+2029, U+0085), and lone surrogates, which UTF-8 cannot carry.
 * Writing out of order (a value where a name belongs, a second value at the top, an end that matches no
 * begin) is a bug of the caller and throws {@link IllegalStateException}.
 */
@API(status = INTERNAL, since = "0.1")
public final class JsonWriter {

	private static final byte TOP = 0;
	private static final byte TOP_WRITTEN = 1;
	private static final byte OBJECT = 2;
	private static final byte OBJECT_WITH_MEMBERS = 3;
	private static final byte OBJECT_AFTER_NAME = 4;
	private static final byte ARRAY = 5;
	private static final byte ARRAY_WITH_ELEMENTS = 6;

	private final StringBuilder out;
	/** Where the writer is, per open object or array, the innermost last; the top level first. */
	private byte[] stack = new byte[8];
	private int depth = 1;

	public JsonWriter() {
		this(64);
	}

	/** @param capacity how many characters to make room for at first */
	public JsonWriter(int capacity) {
		out = new StringBuilder(capacity);
		stack[0] = TOP;
	}

	public JsonWriter beginObject() {
		beforeValue();
		out.append('{');
		push(OBJECT);
		return this;
	}

	public JsonWriter endObject() {
		return end(OBJECT, OBJECT_WITH_MEMBERS, '}');
	}

	public JsonWriter beginArray() {
		beforeValue();
		out.append('[');
		push(ARRAY);
		return this;
	}

	public JsonWriter endArray() {
		return end(ARRAY, ARRAY_WITH_ELEMENTS, ']');
	}

	/** The name of the next member of the object being written. */
	public JsonWriter name(String name) {
		byte where = stack[depth - 1];
		if (where != OBJECT && where != OBJECT_WITH_MEMBERS) {
			throw new IllegalStateException("A name (" + name + ") belongs only in an object, before its value: " + this);
		}
		if (where == OBJECT_WITH_MEMBERS) {
			out.append(',');
		}
		string(name);
		out.append(':');
		stack[depth - 1] = OBJECT_AFTER_NAME;
		return this;
	}

	/** A string, or {@code null}. */
	public JsonWriter value(String value) {
		beforeValue();
		if (value == null) {
			out.append("null");
		}
		else {
			string(value);
		}
		return this;
	}

	public JsonWriter value(long value) {
		beforeValue();
		out.append(value);
		return this;
	}

	public JsonWriter value(boolean value) {
		beforeValue();
		out.append(value);
		return this;
	}

	/** The JSON written so far: one complete value once every object and array begun is ended. */
	@Override
	public String toString() {
		return out.toString();
	}

	private void beforeValue() {
		switch (stack[depth - 1]) {
			case TOP -> stack[depth - 1] = TOP_WRITTEN;
			case OBJECT_AFTER_NAME -> stack[depth - 1] = OBJECT_WITH_MEMBERS;
			case ARRAY -> stack[depth - 1] = ARRAY_WITH_ELEMENTS;
			case ARRAY_WITH_ELEMENTS -> out.append(',');
			case TOP_WRITTEN -> throw new IllegalStateException("One JSON value is written already: " + this);
			default -> throw new IllegalStateException("A value in an object needs a name first: " + this);
		}
	}

	private void push(byte where) {
		if (depth == stack.length) {
			stack = Arrays.copyOf(stack, depth * 2);
		}
		stack[depth++] = where;
	}

	private JsonWriter end(byte empty, byte nonEmpty, char close) {
		byte where = stack[depth - 1];
		if (where != empty && where != nonEmpty) {
			throw new IllegalStateException("'" + close + "' ends nothing begun here: " + this);
		}
		depth--;
		out.append(close);
		return this;
	}

	/** {@code value} as a JSON string literal, quotes included. */
	private void string(String value) {
		out.append('"');
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
		out.append('"');
	}

	private static boolean isPairedSurrogate(String value, int i) {
		char c = value.charAt(i);
		if (Character.isHighSurrogate(c)) {
			return i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1));
		}
		return i > 0 && Character.isHighSurrogate(value.charAt(i - 1));
	}
}
