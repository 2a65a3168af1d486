package io.github.freeport.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
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
	void leavesWhatItDoesNotWriteToJavaTime() {
		assertThat(UtcTimes.parse("2026-11-29T16:34:34.1Z")).isEqualTo(Instant.parse("2026-11-29T16:34:34.100Z"));
		assertThat(UtcTimes.parse("2026-11-29T16:34:34+01:00")).isEqualTo(Instant.parse("2026-11-29T15:34:34Z"));
		assertThatThrownBy(() -> UtcTimes.parse("2026-02-30T00:00:00Z")).isInstanceOf(RuntimeException.class);
		assertThatThrownBy(() -> UtcTimes.parse("not a time")).isInstanceOf(RuntimeException.class);
	}
}
