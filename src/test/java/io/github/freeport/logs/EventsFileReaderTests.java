package io.github.freeport.logs;

import static io.github.freeport.logs.AllocationEventTests.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.github.freeport.AllocationTrace.Attempt;
import io.github.freeport.AllocationTrace.Refusal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The run report's reader of events files against {@link AllocationEvent#fromJson(String)}: every line, of the
 * writer's layout or any other, is accepted with the same values or refused with the same message, naming the
 * file and the line; the report reads most lines without building their events, so this is what keeps it honest.
 */
class EventsFileReaderTests {

	static final Instant T0 = Instant.parse("2025-03-04T05:06:07.123456789Z");
	static final String WRITTEN = event("serverStarts()", 41000, T0, Duration.ofMillis(3), T0.plusMillis(700), 4242,
		List.of(), Duration.ZERO).toJson();

	@TempDir
	Path folder;

	/** What the reader handed on. */
	static final class Read implements EventsFileReader.Lines {

		final List<AllocationEvent> events = new ArrayList<>();
		final List<String> values = new ArrayList<>();
		final List<String> problems = new ArrayList<>();
		final DistinctHashes tests = new DistinctHashes();
		int failures;
		int notices;

		@Override
		public void allocation(AllocationLine line) {
			values.add(line.startedAt() + " " + line.endedAt() + " " + line.durationNanos() + " " + line.waitedNanos() + " "
					+ line.pid() + " " + line.fork() + " " + line.refused());
			line.countTest(tests);
			events.add(line.event());
		}

		@Override
		public void failure(FailedAllocation failure) {
			failures++;
		}

		@Override
		public void notice(LeaseNotice notice) {
			notices++;
		}

		@Override
		public void problem(String problem) {
			problems.add(problem);
		}
	}

	static Stream<String> lines() {
		String attempts = event("conflict()", 41001, T0, Duration.ofMillis(3), T0.plusMillis(700), 4242,
			List.of(new Attempt(41000, Refusal.LEASED_IN_THIS_JVM, "serverStarts()")), Duration.ofMillis(1)).toJson();
		return Stream.of(WRITTEN, attempts,
			// laid out otherwise: read by name
			reversed(WRITTEN), WRITTEN.replace("}", ",\"extra\":[1,{\"a\":null}]}"), WRITTEN.replace(",\"", ", \"")
				.replace("\":", "\" : "), "  " + WRITTEN + " \r", WRITTEN.replace("\"port\"", "\"\\u0070ort\""),
			WRITTEN.replace("\"port\":41000", "\"port\":41000,\"port\":41002"),
			// values of unusual shape: read by fromJson
			WRITTEN.replace("[method:serverStarts()]", "[method:server\\u0053tarts()]"),
			WRITTEN.replace("[method:serverStarts()]", "[method:serverStärts()]"),
			WRITTEN.replaceFirst("\"releasedAt\":\"[^\"]*\"", "\"releasedAt\":null"),
			WRITTEN.replaceFirst(",\"releasedAt\":\"[^\"]*\"", ""), WRITTEN.replace("}", ",\"uses\":[\"a container\"]}"),
			WRITTEN.replace("05:06:07.123456789Z", "05:06:07Z"), WRITTEN.replace("05:06:07.123456789Z", "05:06:07.5Z"),
			WRITTEN.replace("05:06:07.123456789Z", "05:06:07.1234567891Z"),
			WRITTEN.replace("05:06:07.123456789Z", "05:06:07.123+01:00"), WRITTEN.replace("2025-03-04T", "2025-02-30T"),
			WRITTEN.replace("\"durationMicros\":3000", "\"durationMicros\":-3000"),
			// damaged: refused as fromJson refuses them
			WRITTEN.replace("\"TCP\"", "\"tcp\""), WRITTEN.replace("\"port\":41000", "\"port\":\"41000\""),
			WRITTEN.replace("\"port\":41000", "\"port\":41000.0"), WRITTEN.replaceFirst(",\"fork\":\"[^\"]*\"", ""),
			WRITTEN.replace("\"v\":1", "\"v\":2"), WRITTEN.replace("\"v\":1", "\"v\":\"1\""),
			WRITTEN.replace("\"attempts\":[]", "\"attempts\":[1]"), WRITTEN.replace("\"attempts\":[]", "\"attempts\":{}"),
			WRITTEN.replace("\"id\":\"", "\"id\":7,\"x\":\""), WRITTEN.replace("\"v\":1,", ""), "[1]", "\"text\"",
			WRITTEN.substring(0, 120), WRITTEN + "x", WRITTEN.replace("serverStarts()\"", "serverStarts()\\q\""),
			"{\"v\":1,\"a\":" + "[".repeat(70) + "]".repeat(70) + "}");
	}

	@ParameterizedTest
	@MethodSource("lines")
	void readsEachLineAsFromJsonDoes(String line) throws IOException {
		Read read = read(line + "\n");
		AllocationEvent expected;
		try {
			expected = AllocationEvent.fromJson(line.strip());
		}
		catch (IllegalArgumentException e) {
			assertThat(read.events).isEmpty();
			if (line.contains("[[[[[[[")) { // the JSON reader would recurse as deep as the line nests
				assertThat(read.problems).singleElement().isEqualTo("events-1.jsonl line 1: Invalid JSON at byte 74:"
						+ " nested deeper than 64 levels");
			}
			else {
				assertThat(read.problems).containsExactly("events-1.jsonl line 1: " + e.getMessage());
			}
			return;
		}
		assertThat(read.problems).isEmpty();
		assertThat(read.events).containsExactly(expected);
		assertThat(read.values).containsExactly(expected.startedAt() + " " + expected.endedAt() + " "
				+ expected.duration().toNanos() + " " + expected.waited().toNanos() + " " + expected.pid() + " "
				+ expected.fork() + " " + expected.attempts().size());
		assertThat(read.tests.add(expected.test())).as("the line's test, counted as its event's would be").isFalse();
	}

	@Test
	void countsATestOnceHoweverItsLinesAreWritten() throws IOException {
		Read read = read(WRITTEN + "\n" + WRITTEN.replace("[method:serverStarts()]", "[method:server\\u0053tarts()]")
				+ "\n" + reversed(WRITTEN) + "\n");
		assertThat(read.events).hasSize(3);
		assertThat(read.tests.size()).isEqualTo(1);
	}

	@Test
	void namesTheFileAndLineOfEachBadLineAndReadsTheRest() throws IOException {
		byte[] badUtf8 = (WRITTEN.replace("serverStarts()\"", "server?\"") + "\n").getBytes(StandardCharsets.UTF_8);
		int question = new String(badUtf8, StandardCharsets.ISO_8859_1).indexOf('?');
		badUtf8[question] = (byte) 0xC3; // a lead byte, then a quote instead of its continuation
		Path file = folder.resolve("events-7.jsonl");
		Files.write(file, (WRITTEN + "\n\n   \n{\"v\":1,\n").getBytes(StandardCharsets.UTF_8));
		Files.write(file, badUtf8, java.nio.file.StandardOpenOption.APPEND);
		Files.write(file, (WRITTEN + "\n" + WRITTEN.substring(0, 50)).getBytes(StandardCharsets.UTF_8),
			java.nio.file.StandardOpenOption.APPEND);

		Read read = new Read();
		new EventsFileReader().read(file, false, read);
		assertThat(read.events).hasSize(2);
		assertThat(read.problems).containsExactly(
			"events-7.jsonl line 4: Invalid JSON at character 7: expected a member name in quotes but found the end",
			"events-7.jsonl line 5: Invalid UTF-8 at byte " + question + " of the line");

		Read complete = new Read();
		new EventsFileReader().read(file, true, complete);
		assertThat(complete.events).hasSize(2);
		assertThat(complete.problems).hasSize(3).last().asString().startsWith("events-7.jsonl line 7: Invalid JSON at");
	}

	@Test
	void readsLinesLongerThanItsBufferAndManyInARow() throws IOException {
		String longName = "x".repeat(300_000);
		StringBuilder content = new StringBuilder();
		for (int i = 0; i < 3000; i++) {
			content.append(i == 1500 ? WRITTEN.replace("serverStarts()\"", longName + "\"") : WRITTEN).append('\n');
		}
		Read read = read(content.toString());
		assertThat(read.problems).isEmpty();
		assertThat(read.events).hasSize(3000);
		assertThat(read.events.get(1500).displayName()).isEqualTo(longName);
	}

	@Test
	void handsOnFailedAllocationsAndLeaseNoticesByKind() throws IOException {
		String failure = "{\"v\":1,\"kind\":\"failed\",\"id\":\"1\",\"run\":\"r\",\"test\":\"t\",\"displayName\":\"d\","
				+ "\"scope\":\"parameter\",\"element\":\"e\",\"protocol\":\"TCP\",\"range\":\"1-2\",\"preferred\":[],\"count\":1,"
				+ "\"contiguous\":false,\"outcome\":\"EXHAUSTED\",\"message\":\"m\",\"holders\":[],\"at\":\"" + T0
				+ "\",\"pid\":1,\"fork\":\"\"}";
		String notice = "{\"v\":1,\"kind\":\"leaked\",\"id\":\"2\",\"run\":\"r\",\"port\":1,\"protocol\":\"TCP\",\"owner\":\"o\","
				+ "\"reservedBy\":\"b\",\"reservedAt\":\"" + T0 + "\",\"at\":\"" + T0 + "\",\"expireAfterMillis\":null,\"pid\":1,"
				+ "\"fork\":\"\"}";
		Read read = read(failure + "\n" + notice + "\n" + WRITTEN + "\n" + notice.replace("leaked", "forgotten") + "\n");
		assertThat(read.failures).isEqualTo(1);
		assertThat(read.notices).isEqualTo(1);
		assertThat(read.events).hasSize(1);
		assertThat(read.problems).singleElement().asString().startsWith("events-1.jsonl line 4: Invalid lease notice:"
				+ " \"kind\" must be one of leaked, expired, still-held but was 'forgotten'");
	}

	@Test
	void fromJsonRefusesWhatTheReaderRefuses() {
		assertThatIllegalArgumentException().isThrownBy(() -> AllocationEvent.fromJson(WRITTEN.replace("\"TCP\"", "\"tcp\"")))
			.withMessageStartingWith("Invalid allocation event: \"protocol\" must be one of [TCP, UDP, BOTH] but was 'tcp'");
	}

	private Read read(String content) throws IOException {
		Path file = folder.resolve("events-1.jsonl");
		Files.writeString(file, content, StandardCharsets.UTF_8);
		Read read = new Read();
		new EventsFileReader().read(file, false, read);
		return read;
	}

	/** The same object, its members in reverse order. */
	static String reversed(String line) {
		List<String> members = new ArrayList<>();
		int depth = 0;
		boolean inString = false;
		int start = 1;
		for (int i = 1; i < line.length() - 1; i++) {
			char c = line.charAt(i);
			if (c == '"' && line.charAt(i - 1) != '\\') {
				inString = !inString;
			}
			else if (!inString && (c == '[' || c == '{')) {
				depth++;
			}
			else if (!inString && (c == ']' || c == '}')) {
				depth--;
			}
			else if (!inString && depth == 0 && c == ',') {
				members.add(line.substring(start, i));
				start = i + 1;
			}
		}
		members.add(line.substring(start, line.length() - 1));
		java.util.Collections.reverse(members);
		return "{" + String.join(",", members) + "}";
	}
}
