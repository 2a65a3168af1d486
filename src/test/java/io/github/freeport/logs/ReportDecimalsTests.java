package io.github.freeport.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The report writes its decimals by hand, not with {@code String.format} (which loads the JDK's locale data as
 * a JVM ends, with the run report): they read as {@code %.1f} would write them.
 */
class ReportDecimalsTests {

	@Test
	void durationsReadAsTheFormatterWouldWriteThem() {
		for (long micros : new long[] { 0, 1, 999, 1000, 1049, 1050, 1051, 1149, 1150, 9950, 9999, 10_000, 123_456,
				1_999_950, 86_400_000_000L }) {
			String expected = micros < 1000 ? micros + " µs" : String.format(Locale.ROOT, "%.1f ms", micros / 1000.0);
			assertThat(RunReport.millis(Duration.ofNanos(micros * 1000 + 999))).as("%d µs", micros).isEqualTo(expected);
		}
	}

	@Test
	void coordinatesReadAsTheFormatterWouldWriteThem() throws IOException {
		Random random = new Random(42);
		for (int i = 0; i < 10_000; i++) {
			double value = random.nextInt(2_000_000) / 1000.0; // what a timeline draws: pixels in thousandths
			assertThat(decimal(value)).as("%s", value).isEqualTo(String.format(Locale.ROOT, "%.1f", value));
		}
		for (double value : new double[] { 0, 0.05, 0.15, 0.25, 1.45, 2.5, 99.95, 1e6 }) {
			assertThat(decimal(value)).as("%s", value).isEqualTo(String.format(Locale.ROOT, "%.1f", value));
		}
	}

	private static String decimal(double value) throws IOException {
		StringWriter out = new StringWriter();
		new HtmlWriter(out).decimal(value).flush();
		return out.toString();
	}
}
