package io.github.freeport.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The run report: how long building {@code report.html} takes at the end of a launcher session, for a run
 * of {@value #SMALL} and of {@value #LARGE} allocations. The runs' logs are written first by real
 * allocations ({@link ReportEventWriter}, {@value #FORKS} forks for the large run); then a fresh JVM builds
 * each report ({@link ReportBuilder}), {@value #REPETITIONS} times, and once more for the large run with the
 * heap limited to {@value #LIMITED_HEAP}, which only a report built while streaming the events fits in.
 * Writes {@code report.md}.
 *
 * <p>Arguments: {@code resultsFolder [largeRunEvents]}.
 */
public final class ReportBuild {

	static final int SMALL = 1_000;
	static final int LARGE = 100_000;
	static final int FORKS = 4;
	static final int REPETITIONS = 3;
	static final String HEAP = "-Xmx512m";
	static final String LIMITED_HEAP = "-Xmx64m";
	static final double TARGET_MICROS_PER_EVENT = 5;
	static final double TARGET_LARGE_MILLIS = 1000;
	static final int FROM = 21000;
	static final int TO = 22999;

	private ReportBuild() {
	}

	/** One report's builds: milliseconds each, the report's size, and the heap-limited build's outcome. */
	record Built(String label, long events, int forks, double[] millis, long bytes, String limited) {
	}

	public static void main(String[] args) throws Exception {
		Path results = Path.of(args[0]);
		int largeEvents = args.length > 1 ? Integer.parseInt(args[1]) : LARGE;
		RunConditions conditions = new RunConditions();
		Path base = Path.of(System.getProperty("freeport.log.dir", "target/freeport") + "-report");
		ColdStart.deleteTree(base);
		Path small = base.resolve("20260101-000000-1");
		Path large = base.resolve("20260101-000000-2");
		write(small, SMALL, 1);
		write(large, largeEvents, FORKS);
		List<Built> built = new ArrayList<>();
		built.add(build("small", small, 1, false));
		built.add(build("large", large, FORKS, true));
		render(built, largeEvents, conditions).writeTo(results);
	}

	static void write(Path runFolder, int events, int forks) throws Exception {
		System.out.printf(Locale.ROOT, "[report] writing %,d events from %d forks%n", events, forks);
		List<ChildJvm> writers = new ArrayList<>();
		try {
			for (int fork = 0; fork < forks; fork++) {
				writers.add(ChildJvm.start("report-writer-" + events + "-" + fork, ReportEventWriter.class, List.of("-Xmx128m"),
					runFolder.toString(), String.valueOf(events / forks), String.valueOf(FROM), String.valueOf(TO),
					String.valueOf(fork)));
			}
			for (ChildJvm writer : writers) {
				writer.awaitLine("DONE", Duration.ofMinutes(5));
			}
		}
		finally {
			ChildJvm.closeAll(writers);
		}
	}

	static Built build(String label, Path runFolder, int forks, boolean limited) throws Exception {
		long events = countEvents(runFolder);
		double[] millis = new double[REPETITIONS];
		long bytes = 0;
		for (int i = 0; i < REPETITIONS; i++) {
			try (ChildJvm builder = ChildJvm.start("report-builder-" + label + "-" + i, ReportBuilder.class, List.of(HEAP),
					runFolder.toString())) {
				String[] line = builder.awaitLine("BUILT", Duration.ofMinutes(5)).split(" ");
				millis[i] = Double.parseDouble(line[1]);
				bytes = Long.parseLong(line[2]);
			}
			System.out.printf(Locale.ROOT, "[report] %,d events: built in %.0f ms%n", events, millis[i]);
		}
		String limitedOutcome = null;
		if (limited) {
			try (ChildJvm builder = ChildJvm.start("report-builder-" + label + "-limited", ReportBuilder.class,
					List.of(LIMITED_HEAP), runFolder.toString())) {
				String[] line = builder.awaitLine("BUILT", Duration.ofMinutes(5)).split(" ");
				limitedOutcome = String.format(Locale.ROOT, "built in %.0f ms", Double.parseDouble(line[1]));
			}
			catch (IllegalStateException e) {
				limitedOutcome = "**failed**" + (errorOutput("report-builder-" + label + "-limited").contains("OutOfMemoryError")
						? ": `OutOfMemoryError`, the events do not fit" : ": " + e.getMessage());
			}
			System.out.printf(Locale.ROOT, "[report] %,d events with %s: %s%n", events, LIMITED_HEAP, limitedOutcome);
		}
		return new Built(label, events, forks, millis, bytes, limitedOutcome);
	}

	private static String errorOutput(String child) {
		try {
			return Files.readString(Path.of(System.getProperty("bench.child.logs", "target/child-logs"), child + ".err"),
				StandardCharsets.UTF_8);
		}
		catch (IOException e) {
			return "";
		}
	}

	static long countEvents(Path runFolder) throws IOException {
		long lines = 0;
		try (var files = Files.list(runFolder)) {
			for (Path file : (Iterable<Path>) files::iterator) {
				String name = file.getFileName().toString();
				if (name.startsWith("events-") && name.endsWith(".jsonl")) {
					try (var content = Files.lines(file, StandardCharsets.UTF_8)) {
						lines += content.count();
					}
				}
			}
		}
		return lines;
	}

	static Section render(List<Built> built, int largeEvents, RunConditions conditions) {
		Built large = built.get(built.size() - 1);
		double largeMillis = Samples.median(large.millis());
		double perEvent = largeMillis * 1000 / large.events();
		boolean met = perEvent <= TARGET_MICROS_PER_EVENT && largeMillis <= TARGET_LARGE_MILLIS;
		String verdict = String.format(Locale.ROOT, "%s: %.1f µs per event, %,d events in %.0f ms",
			met ? "**met**" : "**not met**", perEvent, large.events(), largeMillis);
		StringBuilder md = new StringBuilder();
		md.append("## Run report\n\n");
		md.append(conditions.sentence()).append("\n\n");
		md.append(String.format(Locale.ROOT, "When a launcher session ends, freeport builds the run's `report.html` from"
				+ " all forks' JSON Lines files. Here the logs of two runs are written first by real allocations"
				+ " (`Ports.request().range(%d, %d).quarantine(ZERO).owner(test).reserve()`, released, and logged as"
				+ " the extension logs them; %d test methods per class): %,d allocations from one fork, and %,d from"
				+ " %d forks writing at once. Then a fresh JVM (`%s`) builds each run's report with `RunReport.write`,"
				+ " as at the end of a session, %d times; the time is the build's own, without the JVM's start.\n\n",
			FROM, TO, ReportEventWriter.TESTS_PER_CLASS, SMALL, largeEvents, FORKS, HEAP, REPETITIONS));
		md.append("| run | events | forks | built in (ms, median) | all (ms) | per event (µs) | `report.html` |\n");
		md.append("| --- | ---: | ---: | ---: | --- | ---: | ---: |\n");
		for (Built b : built) {
			double median = Samples.median(b.millis());
			md.append(String.format(Locale.ROOT, "| %s | %,d | %d | %.0f | %s | %.1f | %,d KB |\n", b.label(), b.events(),
				b.forks(), median, Samples.join(b.millis(), "%.0f"), median * 1000 / b.events(), b.bytes() / 1024));
		}
		md.append("\nHow the report is built: one pass over the files, line by line, keeping only what the page shows"
				+ " (the counts, each table's first rows, the timeline's leases, which above 1,000 leases are drawn as each"
				+ " fork's leases over time); a whole event is built only for a line a table may show. So the heap needs"
				+ " no room for the events, and `report.html` stays the size of a page to read.\n");
		if (large.limited() != null) {
			md.append(String.format(Locale.ROOT, "\nThe large run's report once more with the heap limited to %s"
					+ " (`%s`): %s.\n", LIMITED_HEAP.substring(4).toUpperCase(Locale.ROOT) + "B", LIMITED_HEAP, large.limited()));
		}
		md.append(String.format(Locale.ROOT, "\nTarget: **≤ %.0f µs per event, and a run of %,d allocations reported in"
				+ " ≤ %.0f s, built while streaming the events.** Verdict: %s.\n", TARGET_MICROS_PER_EVENT, LARGE,
			TARGET_LARGE_MILLIS / 1000, verdict));
		return new Section("report", "run report ≤ " + (int) TARGET_MICROS_PER_EVENT + " µs per event; 100,000 events ≤ 1 s",
			verdict, md.toString());
	}
}
