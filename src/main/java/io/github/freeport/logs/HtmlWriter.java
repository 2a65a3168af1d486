package io.github.freeport.logs;

import java.io.IOException;
import java.io.Writer;

/**
 * Writes a page to a {@link Writer} through a buffer of its own (a {@code Writer} locks on every call):
 * markup as it is, text escaped for HTML content and attribute values as it goes, numbers without
 * formatters. The page is never held whole, however many rows it has.
 */
final class HtmlWriter {

	private final Writer out;
	private final char[] buffer = new char[32 * 1024];
	private int size;

	HtmlWriter(Writer out) {
		this.out = out;
	}

	/** Markup, as it is. */
	HtmlWriter raw(String markup) throws IOException {
		int length = markup.length();
		if (length > buffer.length - size) {
			flush();
			if (length > buffer.length) {
				out.write(markup);
				return this;
			}
		}
		markup.getChars(0, length, buffer, size);
		size += length;
		return this;
	}

	HtmlWriter raw(char c) throws IOException {
		if (size == buffer.length) {
			flush();
		}
		buffer[size++] = c;
		return this;
	}

	HtmlWriter number(long value) throws IOException {
		return raw(Long.toString(value));
	}

	/** A number with one decimal, rounded half up: {@code 12.5}. */
	HtmlWriter decimal(double value) throws IOException {
		long tenths = Math.round(value * 10);
		if (tenths < 0) {
			raw('-');
			tenths = -tenths;
		}
		return number(tenths / 10).raw('.').raw((char) ('0' + tenths % 10));
	}

	/** Text for HTML content and attribute values: {@code & < > " '} escaped, control characters but line breaks and tabs replaced. */
	HtmlWriter text(String value) throws IOException {
		return escaped(value, false);
	}

	/** As {@link #text}, with each line break a {@code <br>}. */
	HtmlWriter lines(String value) throws IOException {
		return escaped(value, true);
	}

	private HtmlWriter escaped(String value, boolean breaks) throws IOException {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '&' -> raw("&amp;");
				case '<' -> raw("&lt;");
				case '>' -> raw("&gt;");
				case '"' -> raw("&quot;");
				case '\'' -> raw("&#39;");
				case '\n' -> {
					if (breaks) {
						raw("<br>");
					}
					else {
						raw(c);
					}
				}
				default -> raw(c < 0x20 && c != '\t' ? '\uFFFD' : c);
			}
		}
		return this;
	}

	/** Hands what is buffered to the writer. */
	void flush() throws IOException {
		out.write(buffer, 0, size);
		size = 0;
	}
}
