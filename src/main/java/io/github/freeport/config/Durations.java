package io.github.freeport.config;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apiguardian.api.API;

/** Durations as freeport's configuration (and its command line) writes them. */
@API(status = INTERNAL)
public final class Durations {

	/** What is allowed, for error messages. */
	public static final String ALLOWED = "a duration such as '500ms', '10s' or '2m' (or ISO-8601 'PT10S')";

	private static final Pattern SHORT = Pattern.compile("(\\d{1,12})\\s*(ms|s|m|h)");

	private Durations() {
	}

	/**
	 * {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h}, or ISO-8601 ({@code PT10S}); empty when the text is
	 * none of these or negative.
	 */
	public static Optional<Duration> parse(String text) {
		Matcher matcher = SHORT.matcher(text.trim().toLowerCase(Locale.ROOT));
		try {
			if (matcher.matches()) {
				long amount = Long.parseLong(matcher.group(1));
				switch (matcher.group(2)) {
					case "ms":
						return Optional.of(Duration.ofMillis(amount));
					case "s":
						return Optional.of(Duration.ofSeconds(amount));
					case "m":
						return Optional.of(Duration.ofMinutes(amount));
					default:
						return Optional.of(Duration.ofHours(amount));
				}
			}
			return Optional.of(Duration.parse(text.trim())).filter(parsed -> !parsed.isNegative());
		}
		catch (RuntimeException e) {
			return Optional.empty();
		}
	}
}
