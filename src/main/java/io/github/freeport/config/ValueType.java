package io.github.freeport.config;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;

import io.github.freeport.allocation.PortRange;
import io.github.freeport.allocation.PortStrategies;
import io.github.freeport.allocation.PortStrategy;
import io.github.freeport.allocation.ProbeAddress;
import io.github.freeport.config.Configuration.Setting;
import org.apiguardian.api.API;

/**
 * What a key accepts: a parser and the words that say what is allowed, for errors and for the docs' table.
 * Parsed values are kept by their text: every reservation reads the configuration, and parsing is not free.
 *
 * @param <T> the parsed value's type
 */
@API(status = INTERNAL)
public final class ValueType<T> {

	public static final ValueType<String> TEXT = new ValueType<>("any text", text -> text, false);
	public static final ValueType<String> PROFILE_NAME = new ValueType<>("'" + KeyTable.LOCAL + "', '" + KeyTable.CI
			+ "', '" + KeyTable.SHARED_HOST + "' or a profile you define", text -> text, false);
	public static final ValueType<PortRange> RANGE = new ValueType<>(PortRange.ALLOWED, PortRange::parse, false);
	public static final ValueType<java.time.Duration> DURATION = new ValueType<>(Durations.ALLOWED,
		text -> Durations.parse(text).orElseThrow(() -> new IllegalArgumentException("not a duration")), false);
	public static final ValueType<Boolean> FLAG = new ValueType<>("'true' or 'false'", ValueType::flag, false);
	public static final ValueType<Path> FOLDER = new ValueType<>("a folder path",
		text -> Path.of(text).toAbsolutePath().normalize(), false);
	/** A strategy's error also says why the name was refused (no such class, no constructor, ...). */
	public static final ValueType<PortStrategy> STRATEGY = new ValueType<>(PortStrategies.ALLOWED, PortStrategies::named,
		true);
	public static final ValueType<ProbeAddress> PROBE_ADDRESS = new ValueType<>(ProbeAddress.ALLOWED, ProbeAddress::parse,
		false);
	public static final ValueType<Double> PROBABILITY = new ValueType<>("a probability from 0 to 1, such as 0.1",
		ValueType::probability, false);
	public static final ValueType<Long> WHOLE_NUMBER = new ValueType<>("a whole number (a long), such as 42", Long::valueOf,
		false);
	public static final ValueType<String> RUN_ID = new ValueType<>(
		"1 to 100 letters, digits, '.', '_' or '-', starting with a letter or digit", ValueType::runId, false);

	private static final Pattern VALID_RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

	private final String allowed;
	private final Function<String, T> parser;
	private final boolean withReason;
	private final Map<String, T> parsed = new ConcurrentHashMap<>();

	private ValueType(String allowed, Function<String, T> parser, boolean withReason) {
		this.allowed = allowed;
		this.parser = parser;
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
			value = parser.apply(setting.value());
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

	private static String runId(String text) {
		if (!VALID_RUN_ID.matcher(text).matches()) {
			throw new IllegalArgumentException("not a run id");
		}
		return text;
	}
}
