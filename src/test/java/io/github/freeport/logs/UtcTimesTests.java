package io.github.freeport.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The logs' times by hand: the same text as java.time writes, read back to the same instant. */
class UtcTimesTests {

	@Test
	void writesAndReadsInstantsAsJavaTimeDoes() {
		SplittableRandom random = new SplittableRandom(42);
		for (int i = 0; i < 20_000; i++) {
			long seconds = random.nextLong(-1_000_000_000L, 253_402_300_799L); // up to 9999-12-31
			int nanos = switch (i % 4) {
				case 0 -> 0;
				case 1 -> random.nextInt(1000) * 1_000_000;
				case 2 -> random.nextInt(1_000_000) * 1000;
				default -> random.nextInt(1_000_000_000);
			};
			Instant instant = Instant.ofEpochSecond(seconds, nanos);
			String written = UtcTimes.iso(instant);
			assertThat(written).isEqualTo(instant.toString());
			assertThat(UtcTimes.parse(written)).isEqualTo(instant);
			assertThat(UtcTimes.stamp(instant.toEpochMilli())).isEqualTo(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
				.withZone(ZoneOffset.UTC).format(instant));
		}
	}

	@Test
	void readsBytesAsItReadsText() {
		SplittableRandom random = new SplittableRandom(7);
		for (int i = 0; i < 20_000; i++) {
			// runs of times on one day, as logs have them, and days far apart
			long seconds = i % 50 < 40 ? 1_764_000_000L + random.nextInt(86_400) : random.nextLong(-1_000_000_000L,
				253_402_300_799L);
			Instant instant = Instant.ofEpochSecond(seconds, i % 3 == 0 ? 0 : random.nextInt(1_000_000_000));
			byte[] line = ("{\"at\":\"" + UtcTimes.iso(instant) + "\"}").getBytes(StandardCharsets.US_ASCII);
			assertThat(UtcTimes.parse(line, 7, line.length - 2)).isEqualTo(instant);
		}
		for (String text : List.of("2024-02-29T00:00:00Z", "2026-02-29T00:00:00Z", "2026-02-30T00:00:00Z",
				"2026-11-29T24:00:00Z", "2026-11-29T23:60:00Z", "2026-11-29T23:59:60Z", "2026-13-01T00:00:00Z",
				"2026-00-01T00:00:00Z", "2026-11-00T00:00:00Z", "2026-1a-29T00:00:00Z", "2026-11-29T16:34:34+01:00",
				"2026-11-29T16:34:34.Z", "2026-11-29T16:34:34.1234567891Z", "2026-11-29T16:34:34.12x4Z",
				"+10000-01-01T00:00:00Z", "2026-11-29 16:34:34Z", "2026-11-29T16:34:34")) {
			byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
			Instant read = UtcTimes.parse(bytes, 0, bytes.length);
			Instant expected;
			try {
				expected = Instant.parse(text);
			}
			catch (RuntimeException e) {
				assertThat(read).as(text).isNull();
				continue;
			}
			assertThat(read).as("%s: read, or left to java.time", text).isIn(expected, null);
		}
	}

	@Test
	void leavesWhatItDoesNotWriteToJavaTime() {
		assertThat(UtcTimes.parse("2026-11-29T16:34:34.1Z")).isEqualTo(Instant.parse("2026-11-29T16:34:34.100Z"));
		assertThat(UtcTimes.parse("2026-11-29T16:34:34+01:00")).isEqualTo(Instant.parse("2026-11-29T15:34:34Z"));
		assertThatThrownBy(() -> UtcTimes.parse("2026-02-30T00:00:00Z")).isInstanceOf(RuntimeException.class);
		assertThatThrownBy(() -> UtcTimes.parse("not a time")).isInstanceOf(RuntimeException.class);
	}
}
