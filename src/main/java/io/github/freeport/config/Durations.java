package io.github.freeport.config;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

import org.apiguardian.api.API;

/** Durations as freeport's configuration (and its command line) writes them. */
@API(status = INTERNAL)
public final class Durations {

	/** What is allowed, for error messages. */
	public static final String ALLOWED = "a duration such as '500ms', '10s' or '2m' (or ISO-8601 'PT10S')";

	private Durations() {
	}

	/**
	 * {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h}, or ISO-8601 ({@code PT10S}); empty when the text is
	 * none of these or negative.
	 */
	public static Optional<Duration> parse(String text) {
		return Optional.ofNullable(parseOrNull(text));
	}

	/**
	 * As {@link #parse(String)}, {@code null} when it is not a duration: read by hand, for the configuration
	 * is read on the way to a test JVM's first port, which should not pay for regular expressions.
	 */
	static Duration parseOrNull(String text) {
		String trimmed = text.trim();
		String lower = trimmed.toLowerCase(Locale.ROOT);
		int digits = 0;
		while (digits < lower.length() && lower.charAt(digits) >= '0' && lower.charAt(digits) <= '9') {
			digits++;
		}
		int unit = digits;
		while (unit < lower.length() && Character.isWhitespace(lower.charAt(unit))) {
			unit++;
		}
		try {
			if (digits >= 1 && digits <= 12) {
				long amount = Long.parseLong(lower.substring(0, digits));
				switch (lower.substring(unit)) {
					case "ms":
						return Duration.ofMillis(amount);
					case "s":
						return Duration.ofSeconds(amount);
					case "m":
						return Duration.ofMinutes(amount);
					case "h":
						return Duration.ofHours(amount);
					default:
						break;
				}
			}
			Duration parsed = Duration.parse(trimmed);
			return parsed.isNegative() ? null : parsed;
		}
		catch (RuntimeException e) {
			return null;
		}
	}
}
