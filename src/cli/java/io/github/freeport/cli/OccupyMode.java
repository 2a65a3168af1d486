package io.github.freeport.cli;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.stream.Collectors;

import io.github.freeport.Occupation;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The {@code --mode} of {@code freeport occupy}: short names for the {@link Occupation}s. */
enum OccupyMode {

	LISTEN("listen", Occupation.LISTENING),
	BIND("bind", Occupation.BOUND_NOT_LISTENING),
	UDP("udp", Occupation.UDP_BOUND),
	OTHER_PROCESS("other-process", Occupation.LISTENING_IN_OTHER_PROCESS),
	LEASED("leased", Occupation.LEASED_ONLY);

	final String word;
	final Occupation occupation;

	OccupyMode(String word, Occupation occupation) {
		this.word = word;
		this.occupation = occupation;
	}

	static String allowed() {
		return Arrays.stream(values()).map(m -> m.word).collect(Collectors.joining(", "));
	}

	/** Parses the short names, naming the allowed ones when the value is not one of them. */
	static final class Converter implements ITypeConverter<OccupyMode> {

		@Override
		public OccupyMode convert(String value) {
			String word = value.trim().toLowerCase(Locale.ROOT);
			for (OccupyMode mode : values()) {
				if (mode.word.equals(word)) {
					return mode;
				}
			}
			throw new TypeConversionException("'" + value + "' is not a mode: expected one of " + allowed());
		}
	}

	/** The short names, for the help text. */
	static final class Names implements Iterable<String> {

		@Override
		public Iterator<String> iterator() {
			return Arrays.stream(values()).map(m -> m.word).iterator();
		}
	}
}
