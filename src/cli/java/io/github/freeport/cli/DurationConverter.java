package io.github.freeport.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Durations as freeport's configuration writes them ({@code 500ms}, {@code 60s}, {@code 2m}, {@code 1h}) or ISO-8601. */
final class DurationConverter implements ITypeConverter<Duration> {

	private static final Pattern SHORT = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

	@Override
	public Duration convert(String value) {
		Matcher matcher = SHORT.matcher(value.trim().toLowerCase(Locale.ROOT));
		if (matcher.matches()) {
			long amount = Long.parseLong(matcher.group(1));
			switch (matcher.group(2)) {
				case "ms":
					return Duration.ofMillis(amount);
				case "s":
					return Duration.ofSeconds(amount);
				case "m":
					return Duration.ofMinutes(amount);
				default:
					return Duration.ofHours(amount);
			}
		}
		try {
			Duration parsed = Duration.parse(value.trim());
			if (!parsed.isNegative()) {
				return parsed;
			}
		}
		catch (DateTimeParseException e) {
			// the message below says what is allowed
		}
		throw new TypeConversionException("'" + value + "' is not a duration: expected e.g. 500ms, 60s, 2m, 1h or PT90S");
	}
}
