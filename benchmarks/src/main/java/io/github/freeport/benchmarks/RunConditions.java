package io.github.freeport.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** When a part ran and how busy the machine was: every section of the page states both. */
final class RunConditions {

	private final String started = now();
	private final String loadBefore = loadAverage();

	/** One sentence for the top of a section, read once the part has finished. */
	String sentence() {
		return "Measured " + started + " on " + Runtime.getRuntime().availableProcessors()
				+ " CPUs; load average (1 / 5 / 15 min) " + loadBefore + " before, "
				+ loadAverage() + " after.";
	}

	static String now() {
		return ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
	}

	/** The 1, 5 and 15 minute load averages, or none where the OS does not say. */
	static double[] loadAverages() {
		try {
			String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
			return new double[] { Double.parseDouble(parts[0]), Double.parseDouble(parts[1]), Double.parseDouble(parts[2]) };
		}
		catch (IOException | RuntimeException e) {
			return new double[0];
		}
	}

	static String loadAverage() {
		try {
			String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
			return parts[0] + " / " + parts[1] + " / " + parts[2];
		}
		catch (IOException | RuntimeException e) {
			return "unknown";
		}
	}
}
