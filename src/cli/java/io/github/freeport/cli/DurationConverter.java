package io.github.freeport.cli;

import java.time.Duration;

import io.github.freeport.config.Durations;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Durations as freeport's configuration writes them ({@code 500ms}, {@code 60s}, {@code 2m}, {@code 1h}) or ISO-8601. */
final class DurationConverter implements ITypeConverter<Duration> {

	@Override
	public Duration convert(String value) {
		return Durations.parse(value).orElseThrow(() -> new TypeConversionException(
			"'" + value + "' is not a duration: expected e.g. 500ms, 60s, 2m, 1h or PT90S"));
	}
}
