package io.github.freeport.config;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.freeport.allocation.PortRange;
import io.github.freeport.allocation.PortStrategies;
import io.github.freeport.allocation.PortStrategy;
import io.github.freeport.allocation.ProbeAddress;
import io.github.freeport.config.Configuration.Setting;
import org.apiguardian.api.API;

/**
 * What a key accepts: a parser and the words that say what is allowed, for errors and for the docs' table.
 * Parsed values are kept by their text: every reservation reads the configuration, and parsing is not free.
 * The parsers are plain code picked by kind, no lambdas or regular expressions: the configuration is read on
 * the way to a test JVM's first port, which should not pay for linking them.
 *
 * @param <T> the parsed value's type
 */
@API(status = INTERNAL)
public final class ValueType<T> {

	private static final int ANY_TEXT = 0;
	private static final int PORT_RANGE = 1;
	private static final int A_DURATION = 2;
	private static final int A_FLAG = 3;
	private static final int A_FOLDER = 4;
	private static final int A_STRATEGY = 5;
	private static final int AN_ADDRESS = 6;
	private static final int A_PROBABILITY = 7;
	private static final int A_LONG = 8;
	private static final int A_RUN_ID = 9;

	public static final ValueType<String> TEXT = new ValueType<>("any text", ANY_TEXT, false);
	public static final ValueType<String> PROFILE_NAME = new ValueType<>("'" + KeyTable.LOCAL + "', '" + KeyTable.CI
			+ "', '" + KeyTable.SHARED_HOST + "' or a profile you define", ANY_TEXT, false);
	public static final ValueType<PortRange> RANGE = new ValueType<>(PortRange.ALLOWED, PORT_RANGE, false);
	public static final ValueType<java.time.Duration> DURATION = new ValueType<>(Durations.ALLOWED, A_DURATION, false);
	public static final ValueType<Boolean> FLAG = new ValueType<>("'true' or 'false'", A_FLAG, false);
	public static final ValueType<Path> FOLDER = new ValueType<>("a folder path", A_FOLDER, false);
	/** A strategy's error also says why the name was refused (no such class, no constructor, ...). */
	public static final ValueType<PortStrategy> STRATEGY = new ValueType<>(PortStrategies.ALLOWED, A_STRATEGY, true);
	public static final ValueType<ProbeAddress> PROBE_ADDRESS = new ValueType<>(ProbeAddress.ALLOWED, AN_ADDRESS, false);
	public static final ValueType<Double> PROBABILITY = new ValueType<>("a probability from 0 to 1, such as 0.1",
		A_PROBABILITY, false);
	public static final ValueType<Long> WHOLE_NUMBER = new ValueType<>("a whole number (a long), such as 42", A_LONG, false);
	public static final ValueType<String> RUN_ID = new ValueType<>(
		"1 to 100 letters, digits, '.', '_' or '-', starting with a letter or digit", A_RUN_ID, false);

	private final String allowed;
	private final int kind;
	private final boolean withReason;
	private final Map<String, T> parsed = new ConcurrentHashMap<>();

	private ValueType(String allowed, int kind, boolean withReason) {
		this.allowed = allowed;
		this.kind = kind;
		this.withReason = withReason;
	}

	/** What is allowed, as error messages say it. */
	public String allowed() {
		return allowed;
	}

	/**
	 * The setting's value, parsed.
	 *
	 * @throws io.github.freeport.FreePortException naming key, value, where it came from and what is allowed
	 */
	public T parse(Setting setting) {
		T known = parsed.get(setting.value());
		if (known != null) {
			return known;
		}
		T value;
		try {
			value = parse(setting.value());
		}
		catch (RuntimeException e) {
			throw setting.invalid(withReason ? allowed + " (" + e.getMessage() + ")" : allowed);
		}
		if (parsed.size() > 256) {
			parsed.clear();
		}
		parsed.put(setting.value(), value);
		return value;
	}

	@SuppressWarnings("unchecked") // each kind parses to the type its constant above declares
	private T parse(String text) {
		switch (kind) {
			case PORT_RANGE:
				return (T) PortRange.parse(text);
			case A_DURATION:
				java.time.Duration duration = Durations.parseOrNull(text);
				if (duration == null) {
					throw new IllegalArgumentException("not a duration");
				}
				return (T) duration;
			case A_FLAG:
				return (T) flag(text);
			case A_FOLDER:
				return (T) Path.of(text).toAbsolutePath().normalize();
			case A_STRATEGY:
				return (T) PortStrategies.named(text);
			case AN_ADDRESS:
				return (T) ProbeAddress.parse(text);
			case A_PROBABILITY:
				return (T) probability(text);
			case A_LONG:
				return (T) Long.valueOf(text);
			case A_RUN_ID:
				return (T) runId(text);
			default:
				return (T) text;
		}
	}

	private static Boolean flag(String text) {
		if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
			return Boolean.valueOf(text);
		}
		throw new IllegalArgumentException("not a flag");
	}

	private static Double probability(String text) {
		double probability = Double.parseDouble(text);
		if (!(probability >= 0 && probability <= 1)) {
			throw new IllegalArgumentException("out of 0-1");
		}
		return probability;
	}

	/** 1 to 100 of {@code [A-Za-z0-9._-]}, the first a letter or digit. */
	private static String runId(String text) {
		boolean valid = !text.isEmpty() && text.length() <= 100;
		for (int i = 0; valid && i < text.length(); i++) {
			char c = text.charAt(i);
			boolean letterOrDigit = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
			valid = letterOrDigit || (i > 0 && (c == '.' || c == '_' || c == '-'));
		}
		if (!valid) {
			throw new IllegalArgumentException("not a run id");
		}
		return text;
	}
}
