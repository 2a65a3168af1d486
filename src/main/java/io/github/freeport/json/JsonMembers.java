package io.github.freeport.json;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apiguardian.api.API;

/**
 * The top-level members of one JSON object in UTF-8 bytes, found without building the object: the whole
 * text is checked as strictly as {@link JsonReader} checks it (and its UTF-8 too), each member's name and
 * value are located, and a value is decoded only when asked for. One instance reads text after text,
 * reusing its arrays: for logs of many lines of a known, flat shape, where building a map of every line
 * would cost more than the rest of the work.
 *
 * <p>A text it refuses as JSON is given to {@link JsonReader} for the message ({@link #refusal()}), so both
 * readers name a bad line alike.
 */
@API(status = INTERNAL, since = "0.1")
public final class JsonMembers {

	/** Deeper nesting is refused: the logs nest two levels, and {@link JsonReader} recurses. */
	static final int MAX_DEPTH = 64;
	private static final int NAME_START = 0;
	private static final int NAME_END = 1;
	private static final int NAME_HASH = 2; // set when the table is built
	private static final int NAME_FLAGS = 3;
	private static final int VALUE_START = 4;
	private static final int VALUE_END = 5;
	private static final int VALUE_FLAGS = 6;
	private static final int SLOTS = 7;
	/** A string with a backslash escape in it. */
	private static final int ESCAPED = 1;
	/** A string with a character beyond ASCII in it. */
	private static final int WIDE = 2;
	/** Equal to no byte's value. */
	private static final int NO_BYTE = 256;
	/** A number without fraction or exponent. */
	private static final int INTEGRAL = 4;

	private byte[] bytes = new byte[0];
	private int from;
	private int to;
	private int at;
	private int count;
	/**
	 * Per member: the name's start and end (inside the quotes), its hash as {@link String#hashCode()} computes it
	 * (once the table is built), its flags, the value's start and end, and its flags where it is a string or number.
	 */
	private int[] members = new int[24 * SLOTS];
	/** The flags of the last string or number skipped. */
	private int stringFlags;
	/** Why the text was refused when it is not merely bad JSON (bad UTF-8, too deep); else null. */
	private String ownRefusal;
	/** The members by name hash, open addressing: {@link #find} in a probe or two, built by the first call per text. */
	private int[] tableHashes = new int[64];
	/** In each slot of the table, the member's index plus one; 0 for a free slot. */
	private int[] tableMembers = new int[64];
	private boolean tableBuilt;
	/** The line break as white space ({@code '\n'}), or {@link #NO_BYTE} where it ends the text ({@link #readLine}). */
	private int newline = '\n';

	/**
	 * Reads the text {@code bytes[from, to)}, which must be one JSON object (white space aside); the bytes
	 * must stay unchanged while this instance is asked about them.
	 *
	 * @return whether it is; if not, {@link #refusal()} says why
	 */
	public boolean read(byte[] bytes, int from, int to) {
		this.newline = '\n';
		return object(bytes, from, to) && at == to;
	}

	/**
	 * Reads the line that starts at {@code from}, within {@code bytes[from, limit)}, if it is one JSON object:
	 * the line break that ends it is found by the same pass over the bytes that checks them, for a file of
	 * lines read from a buffer.
	 *
	 * @return the index of the line break after the object (the text read ends there); -1 when the line is no
	 * valid object or its line break is not before {@code limit}: then find the line's end and {@link #read} it
	 * for the reason
	 */
	public int readLine(byte[] bytes, int from, int limit) {
		this.newline = NO_BYTE; // a line break ends the line, it is no white space within it
		if (!object(bytes, from, limit) || at == limit || bytes[at] != '\n') {
			return -1;
		}
		to = at;
		return at;
	}

	/** Reads an object from {@code from} on, and the white space after it: {@link #at} is where both end. */
	private boolean object(byte[] bytes, int from, int to) {
		this.bytes = bytes;
		this.from = from;
		this.to = to;
		this.at = from;
		this.count = 0;
		this.ownRefusal = null;
		this.tableBuilt = false;
		skipSpace();
		if (at >= to || bytes[at] != '{') {
			return false;
		}
		at++;
		skipSpace();
		if (at < to && bytes[at] == '}') {
			at++;
		}
		else if (!members()) {
			return false;
		}
		skipSpace();
		return true;
	}

	/*
	 * The loops below check for white space with one comparison (b <= ' ') before they call skipSpace: the logs
	 * have none between tokens, and a cold JVM runs this code before it has compiled it well.
	 */

	private boolean members() {
		byte[] text = bytes;
		while (true) {
			if (at < to && text[at] <= ' ') {
				skipSpace();
			}
			if (at >= to || text[at] != '"') {
				return false;
			}
			int nameStart = at + 1;
			if (!skipString()) {
				return false;
			}
			int nameEnd = at - 1;
			int nameFlags = stringFlags;
			if (at < to && text[at] <= ' ') {
				skipSpace();
			}
			if (at >= to || text[at] != ':') {
				return false;
			}
			at++;
			if (at < to && text[at] <= ' ') {
				skipSpace();
			}
			int valueStart = at;
			stringFlags = 0;
			if (!skipValue(1)) {
				return false;
			}
			if (count * SLOTS == members.length) {
				members = java.util.Arrays.copyOf(members, members.length * 2);
			}
			int slot = count++ * SLOTS;
			int[] table = members;
			table[slot + NAME_START] = nameStart;
			table[slot + NAME_END] = nameEnd;
			table[slot + NAME_FLAGS] = nameFlags;
			table[slot + VALUE_START] = valueStart;
			table[slot + VALUE_END] = at;
			table[slot + VALUE_FLAGS] = stringFlags;
			if (at < to && text[at] <= ' ') {
				skipSpace();
			}
			if (at < to && text[at] == ',') {
				at++;
				continue;
			}
			if (at < to && text[at] == '}') {
				at++;
				return true;
			}
			return false;
		}
	}

	private boolean skipValue(int depth) {
		if (at >= to) {
			return false;
		}
		byte b = bytes[at];
		switch (b) {
			case '{':
			case '[':
				return skipContainer(depth);
			case '"':
				return skipString();
			case 't':
				return skipLiteral("true");
			case 'f':
				return skipLiteral("false");
			case 'n':
				return skipLiteral("null");
			default:
				return (b == '-' || b >= '0' && b <= '9') && skipNumber();
		}
	}

	/** An object or array inside the top-level object: checked, not located. */
	private boolean skipContainer(int depth) {
		if (depth >= MAX_DEPTH) {
			ownRefusal = "Invalid JSON at byte " + (at - from) + ": nested deeper than " + MAX_DEPTH + " levels";
			return false;
		}
		boolean object = bytes[at] == '{';
		byte close = object ? (byte) '}' : (byte) ']';
		at++;
		skipSpace();
		if (at < to && bytes[at] == close) {
			at++;
			return true;
		}
		while (true) {
			skipSpace();
			if (object) {
				if (at >= to || bytes[at] != '"' || !skipString()) {
					return false;
				}
				skipSpace();
				if (at >= to || bytes[at] != ':') {
					return false;
				}
				at++;
				skipSpace();
			}
			if (!skipValue(depth + 1)) {
				return false;
			}
			skipSpace();
			if (at < to && bytes[at] == ',') {
				at++;
				continue;
			}
			if (at < to && bytes[at] == close) {
				at++;
				return true;
			}
			return false;
		}
	}

	/** From the opening quote to after the closing one; notes in {@link #stringFlags} whether it has escapes or characters beyond ASCII. */
	private boolean skipString() {
		at++;
		int flags = 0;
		byte[] text = bytes;
		int end = to;
		while (at < end) {
			int i = at;
			byte c;
			// ASCII but control characters, the quote and the backslash (bytes beyond ASCII are negative)
			while (i < end && (c = text[i]) >= 0x20 && c != '"' && c != '\\') {
				i++;
			}
			at = i;
			if (i == end) {
				return false;
			}
			int b = text[i] & 0xFF;
			if (b == '"') {
				at++;
				stringFlags = flags;
				return true;
			}
			if (b == '\\') {
				flags |= ESCAPED;
				if (at + 1 >= to) {
					return false;
				}
				byte e = bytes[at + 1];
				if (e == 'u') {
					for (int k = 2; k < 6; k++) {
						if (at + k >= to || JsonReader.hexDigit(bytes[at + k]) < 0) {
							return false;
						}
					}
					at += 6;
				}
				else if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' || e == 'r' || e == 't') {
					at += 2;
				}
				else {
					return false;
				}
			}
			else if (b < 0x20) {
				return false;
			}
			else if (skipUtf8(b)) {
				flags |= WIDE;
			}
			else {
				return false;
			}
		}
		return false;
	}

	/** One multi-byte UTF-8 sequence, as the JDK's decoder accepts it: no overlong forms, no surrogates, at most U+10FFFF. */
	private boolean skipUtf8(int lead) {
		int length;
		int low = 0x80;
		int high = 0xBF;
		if (lead >= 0xC2 && lead <= 0xDF) {
			length = 2;
		}
		else if (lead >= 0xE0 && lead <= 0xEF) {
			length = 3;
			low = lead == 0xE0 ? 0xA0 : 0x80;
			high = lead == 0xED ? 0x9F : 0xBF;
		}
		else if (lead >= 0xF0 && lead <= 0xF4) {
			length = 4;
			low = lead == 0xF0 ? 0x90 : 0x80;
			high = lead == 0xF4 ? 0x8F : 0xBF;
		}
		else {
			return malformed();
		}
		for (int i = 1; i < length; i++) {
			int b = at + i < to ? bytes[at + i] & 0xFF : -1;
			if (b < (i == 1 ? low : 0x80) || b > (i == 1 ? high : 0xBF)) {
				return malformed();
			}
		}
		at += length;
		return true;
	}

	private boolean malformed() {
		ownRefusal = "Invalid UTF-8 at byte " + (at - from) + " of the line";
		return false;
	}

	/** A number; notes in {@link #stringFlags} whether it is an integer. */
	private boolean skipNumber() {
		int start = at;
		if (bytes[at] == '-') {
			at++;
		}
		if (at < to && bytes[at] == '0') {
			at++;
		}
		else if (!skipDigits()) {
			return false;
		}
		boolean integral = true;
		if (at < to && bytes[at] == '.') {
			at++;
			integral = false;
			if (!skipDigits()) {
				return false;
			}
		}
		if (at < to && (bytes[at] == 'e' || bytes[at] == 'E')) {
			at++;
			integral = false;
			if (at < to && (bytes[at] == '+' || bytes[at] == '-')) {
				at++;
			}
			if (!skipDigits()) {
				return false;
			}
		}
		if (integral && at - start > 18) { // may not fit in 64 bits, which JsonReader refuses
			try {
				Long.parseLong(new String(bytes, start, at - start, StandardCharsets.ISO_8859_1));
			}
			catch (NumberFormatException e) {
				return false;
			}
		}
		stringFlags = integral ? INTEGRAL : 0;
		return true;
	}

	private boolean skipDigits() {
		int start = at;
		int i = start;
		while (i < to && bytes[i] >= '0' && bytes[i] <= '9') {
			i++;
		}
		at = i;
		return i > start;
	}

	private boolean skipLiteral(String word) {
		if (to - at < word.length()) {
			return false;
		}
		for (int i = 0; i < word.length(); i++) {
			if (bytes[at + i] != word.charAt(i)) {
				return false;
			}
		}
		at += word.length();
		return true;
	}

	private void skipSpace() {
		int i = at;
		while (i < to) {
			byte b = bytes[i];
			if (b != ' ' && b != '\t' && b != '\r' && b != newline) {
				break;
			}
			i++;
		}
		at = i;
	}

	/**
	 * Why the last text was refused, with the position: {@link JsonReader}'s message for bad JSON, else
	 * this reader's (bad UTF-8, nesting too deep). Null when the text is valid JSON but no object: the
	 * caller says what it expected.
	 */
	public String refusal() {
		if (ownRefusal != null) {
			return ownRefusal;
		}
		try {
			JsonReader.read(text());
			return null;
		}
		catch (IllegalArgumentException e) {
			return e.getMessage();
		}
	}

	/** The whole text read last, decoded. */
	public String text() {
		return new String(bytes, from, to - from, StandardCharsets.UTF_8);
	}

	/** How many members the object has. */
	public int count() {
		return count;
	}

	/** The index of the member {@code name}: the last of that name, as a map would keep it; -1 when there is none. */
	public int find(String name) {
		if (!tableBuilt) {
			buildTable();
		}
		int hash = name.hashCode();
		int mask = tableMembers.length - 1;
		for (int slot = spread(hash) & mask; tableMembers[slot] != 0; slot = (slot + 1) & mask) {
			if (tableHashes[slot] == hash && sameName((tableMembers[slot] - 1) * SLOTS, name)) {
				return tableMembers[slot] - 1;
			}
		}
		return -1;
	}

	/** Each member's name into the table, by its String hash; a later member of the same name replaces an earlier one. */
	private void buildTable() {
		if (tableMembers.length < count * 2) {
			tableMembers = new int[Integer.highestOneBit(count * 4)];
			tableHashes = new int[tableMembers.length];
		}
		else {
			java.util.Arrays.fill(tableMembers, 0);
		}
		int mask = tableMembers.length - 1;
		for (int member = 0; member < count; member++) {
			int slot = member * SLOTS;
			String decoded = null;
			int hash = 0;
			if (members[slot + NAME_FLAGS] != 0) { // escapes or beyond ASCII: the bytes are not the chars
				decoded = decode(members[slot + NAME_START], members[slot + NAME_END]);
				hash = decoded.hashCode();
			}
			else {
				for (int i = members[slot + NAME_START]; i < members[slot + NAME_END]; i++) {
					hash = 31 * hash + bytes[i];
				}
			}
			members[slot + NAME_HASH] = hash;
			int free = spread(hash) & mask;
			while (tableMembers[free] != 0) {
				if (tableHashes[free] == hash) {
					decoded = decoded != null ? decoded : name(slot);
					if (sameName((tableMembers[free] - 1) * SLOTS, decoded)) {
						break; // the same name again: this later member replaces it
					}
				}
				free = (free + 1) & mask;
			}
			tableHashes[free] = hash;
			tableMembers[free] = member + 1;
		}
		tableBuilt = true;
	}

	private static int spread(int hash) {
		return hash ^ hash >>> 7 ^ hash >>> 16;
	}

	/** A member's name, decoded. */
	private String name(int slot) {
		return members[slot + NAME_FLAGS] != 0 ? decode(members[slot + NAME_START], members[slot + NAME_END])
				: new String(bytes, members[slot + NAME_START], members[slot + NAME_END] - members[slot + NAME_START],
					StandardCharsets.ISO_8859_1);
	}

	private boolean sameName(int slot, String name) {
		if (members[slot + NAME_FLAGS] != 0) {
			return decode(members[slot + NAME_START], members[slot + NAME_END]).equals(name);
		}
		int start = members[slot + NAME_START];
		int length = name.length();
		if (members[slot + NAME_END] - start != length) {
			return false;
		}
		for (int i = 0; i < length; i++) {
			if (bytes[start + i] != name.charAt(i)) {
				return false;
			}
		}
		return true;
	}

	/**
	 * What the member's value is, by its first character: {@code "} a string, {@code {} an object, {@code [}
	 * an array, {@code t}/{@code f} a boolean, {@code n} null, else ({@code -} or a digit) a number.
	 */
	public char kind(int member) {
		return (char) bytes[members[member * SLOTS + VALUE_START]];
	}

	/** Whether the member's value is a number without fraction or exponent. */
	public boolean isInteger(int member) {
		byte first = bytes[members[member * SLOTS + VALUE_START]];
		return (first == '-' || first >= '0' && first <= '9') && (members[member * SLOTS + VALUE_FLAGS] & INTEGRAL) != 0;
	}

	/** The member's value as an integer; it must be one ({@link #isInteger}). */
	public long integer(int member) {
		int start = members[member * SLOTS + VALUE_START];
		int end = members[member * SLOTS + VALUE_END];
		if (end - start > 18) {
			return Long.parseLong(new String(bytes, start, end - start, StandardCharsets.ISO_8859_1));
		}
		boolean negative = bytes[start] == '-';
		long value = 0;
		for (int i = negative ? start + 1 : start; i < end; i++) {
			value = value * 10 + (bytes[i] - '0');
		}
		return negative ? -value : value;
	}

	/** The member's value as a string; it must be one ({@link #kind} {@code "}). */
	public String string(int member) {
		int start = members[member * SLOTS + VALUE_START] + 1;
		int end = members[member * SLOTS + VALUE_END] - 1;
		int flags = members[member * SLOTS + VALUE_FLAGS];
		return (flags & ESCAPED) != 0 ? decode(start, end)
				: new String(bytes, start, end - start, flags == 0 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
	}

	/** Whether the member is named {@code name}, given in ASCII bytes. */
	public boolean nameIs(int member, byte[] name) {
		int slot = member * SLOTS;
		int start = members[slot + NAME_START];
		if (members[slot + NAME_FLAGS] != 0) {
			return decode(start, members[slot + NAME_END]).equals(new String(name, StandardCharsets.ISO_8859_1));
		}
		return sameBytes(start, members[slot + NAME_END], name);
	}

	/** Whether the member's value is the string {@code value}, given in ASCII bytes. */
	public boolean stringIs(int member, byte[] value) {
		return isPlainString(member) && sameBytes(contentStart(member), contentEnd(member), value);
	}

	private boolean sameBytes(int start, int end, byte[] other) {
		if (end - start != other.length) {
			return false;
		}
		for (int i = 0; i < other.length; i++) {
			if (bytes[start + i] != other[i]) {
				return false;
			}
		}
		return true;
	}

	/** Whether the member's value is a string of ASCII characters without escapes: its bytes are its characters. */
	public boolean isPlainString(int member) {
		return kind(member) == '"' && members[member * SLOTS + VALUE_FLAGS] == 0;
	}

	/** The text read last, whose positions the methods below give. */
	public byte[] bytes() {
		return bytes;
	}

	/** Where the member's value starts in {@link #bytes()}; for a string, after its opening quote. */
	public int contentStart(int member) {
		int start = members[member * SLOTS + VALUE_START];
		return bytes[start] == '"' ? start + 1 : start;
	}

	/** Where the member's value ends in {@link #bytes()}, exclusive; for a string, at its closing quote. */
	public int contentEnd(int member) {
		int end = members[member * SLOTS + VALUE_END];
		return bytes[members[member * SLOTS + VALUE_START]] == '"' ? end - 1 : end;
	}

	/** The member's value as {@link JsonReader} reads it: String, Long, Double, Boolean, null, List or Map. */
	public Object value(int member) {
		int start = members[member * SLOTS + VALUE_START];
		int end = members[member * SLOTS + VALUE_END];
		switch (kind(member)) {
			case '"':
				return string(member);
			case 't':
				return Boolean.TRUE;
			case 'f':
				return Boolean.FALSE;
			case 'n':
				return null;
			case '[':
				if (end - start == 2) {
					return List.of();
				}
				return JsonReader.read(new String(bytes, start, end - start, StandardCharsets.UTF_8));
			case '{':
				return JsonReader.read(new String(bytes, start, end - start, StandardCharsets.UTF_8));
			default:
				return isInteger(member) ? (Object) integer(member)
						: (Object) Double.parseDouble(new String(bytes, start, end - start, StandardCharsets.ISO_8859_1));
		}
	}

	/** A checked string's content with its escapes resolved, as {@link JsonReader} resolves them. */
	private String decode(int start, int end) {
		StringBuilder out = new StringBuilder(end - start);
		int i = start;
		while (i < end) {
			int b = bytes[i] & 0xFF;
			if (b == '\\') {
				byte e = bytes[i + 1];
				switch (e) {
					case 'n' -> out.append('\n');
					case 'r' -> out.append('\r');
					case 't' -> out.append('\t');
					case 'b' -> out.append('\b');
					case 'f' -> out.append('\f');
					case 'u' -> out.append((char) (JsonReader.hexDigit(bytes[i + 2]) << 12 | JsonReader.hexDigit(bytes[i + 3]) << 8
							| JsonReader.hexDigit(bytes[i + 4]) << 4 | JsonReader.hexDigit(bytes[i + 5])));
					default -> out.append((char) e);
				}
				i += e == 'u' ? 6 : 2;
			}
			else if (b < 0x80) {
				out.append((char) b);
				i++;
			}
			else {
				int length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
				out.append(new String(bytes, i, length, StandardCharsets.UTF_8));
				i += length;
			}
		}
		return out.toString();
	}
}
