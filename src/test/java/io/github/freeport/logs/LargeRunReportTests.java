package io.github.freeport.logs;

import static io.github.freeport.logs.AllocationEventTests.event;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.github.freeport.AllocationTrace.Attempt;
import io.github.freeport.AllocationTrace.Refusal;
import io.github.freeport.testsupport.JavaProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run with more leases than the report draws one by one or lists, its files written in an order unlike the
 * leases' (as forks log at release, and nested scopes release in reverse): the report counts everything, keeps
 * the first rows of each table by the table's order, draws each fork's leases over time, and needs no more
 * memory for more events.
 */
class LargeRunReportTests {

	static final Instant T0 = Instant.parse("2025-03-04T05:06:07Z");
	static final int FORKS = 3;
	static final int PER_FORK = 2000;

	@TempDir
	Path runFolder;

	/**
	 * {@value #FORKS} forks of {@value #PER_FORK} leases each, every file shuffled; every 7th lease met two refusals,
	 * every 11th waited; two leases per test, the same tests in every fork.
	 */
	static void writeLargeRun(Path runFolder, int perFork) throws IOException {
		Files.createDirectories(runFolder);
		Random random = new Random(42);
		for (int fork = 1; fork <= FORKS; fork++) {
			List<String> lines = new ArrayList<>();
			long pid = fork * 1111L;
			for (int i = 0; i < perFork; i++) {
				Instant start = T0.plusMillis(10L * i + fork * 3L);
				Duration took = Duration.ofNanos(1000L * (100 + (i * 7919L + fork * 104_729L) % 100_000));
				List<Attempt> attempts = i % 7 == 0 ? List.of(new Attempt(20_000 + i, Refusal.LEASED_BY_OTHER_PROCESS,
					"pid 1 (" + i + ")"), new Attempt(20_001 + i, Refusal.BIND_FAILED, "in use")) : List.of();
				Duration waited = i % 11 == 0 ? Duration.ofNanos(1000L * (1 + (i * 31L + fork) % 5000)) : Duration.ZERO;
				lines.add(event("test" + i / 2, 30_000 + i, start, took, start.plusMillis(25), pid, attempts, waited).toJson());
			}
			Collections.shuffle(lines, random);
			Files.write(runFolder.resolve("events-" + pid + ".jsonl"), lines);
		}
	}

	@Test
	void countsEveryLeaseAndKeepsTheFirstRowsOfEachTableByItsOrder() throws IOException {
		writeLargeRun(runFolder, PER_FORK);
		RunReport report = RunReport.read(runFolder);
		List<AllocationEvent> all = RunEvents.read(runFolder).events(); // every event, sorted, to check against
		assertThat(all).hasSize(FORKS * PER_FORK);

		assertThat(report.allocationCount()).isEqualTo(FORKS * PER_FORK);
		long refused = all.stream().mapToLong(e -> e.attempts().size()).sum();
		long waits = all.stream().filter(e -> !e.waited().isZero()).count();
		assertThat(report.summaryLine()).startsWith("[freeport] run " + runFolder.getFileName() + ": 6000 ports for 1000 tests"
				+ " in 3 forks; " + refused + " candidates refused (" + refused / 2 + " leased by other process, " + refused / 2
				+ " bind failed); slowest " + RunReport.millis(all.stream().map(AllocationEvent::duration)
					.max(Comparator.naturalOrder()).orElseThrow()) + "; " + waits + " waits for an exhausted range. Report:");

		RunTally tally = report.tally();
		assertThat(ids(tally.firstLeases())).isEqualTo(ids(all.subList(0, RunTally.ROWS)));
		assertThat(ids(tally.slowest())).isEqualTo(ids(all.stream()
			.sorted(Comparator.comparing(AllocationEvent::duration).reversed().thenComparing(Comparator.naturalOrder()))
			.limit(RunTally.SLOWEST).collect(Collectors.toList())));
		assertThat(ids(tally.waits())).isEqualTo(ids(all.stream().filter(e -> !e.waited().isZero())
			.sorted(Comparator.comparing(AllocationEvent::waited).reversed().thenComparing(Comparator.naturalOrder()))
			.limit(RunTally.ROWS).collect(Collectors.toList())));
		List<Attempt> firstConflicts = all.stream().flatMap(e -> e.attempts().stream()).limit(RunTally.ROWS)
			.collect(Collectors.toList());
		assertThat(tally.conflicts().stream().flatMap(e -> e.attempts().stream()).limit(RunTally.ROWS))
			.containsExactlyElementsOf(firstConflicts);
		assertThat(tally.bars()).as("too many leases for a bar each").isNull();
	}

	@Test
	void drawsEachForksLeasesOverTimeAndListsTheFirstRowsWithWhereTheRestAre() throws IOException {
		writeLargeRun(runFolder, PER_FORK);
		String html = Files.readString(RunReport.write(runFolder));
		List<AllocationEvent> all = RunEvents.read(runFolder).events();

		assertThat(html).contains("<svg id=\"timeline\"", "6000 leases, more than the 1000 drawn one by one",
			"<title>pid 1111 fork 1: 2000 leases, " + (PER_FORK + 6) / 7 + " after refused candidates, " + (PER_FORK + 10) / 11
					+ " waited for a release; at most ", "fill-opacity=\"1.0\"", "</svg>")
			.doesNotContain("<g class=\"lease\">");
		assertThat(count(html, "<g class=\"fork\">")).isEqualTo(FORKS);
		assertThat(rows(html, "allocations")).hasSize(RunTally.ROWS);
		assertThat(html).contains("… 5000 more in the JSON Lines files");
		assertThat(rows(html, "allocations").get(0)).contains(UtcTimes.iso(all.get(0).startedAt()),
			"TCP " + all.get(0).port());
		assertThat(rows(html, "conflicts")).hasSize(RunTally.ROWS);
		assertThat(html.length()).as("a page to read, whatever the run's size").isLessThan(1_500_000);
	}

	@Test
	void aSmallRunStillGetsABarPerLease() throws IOException {
		writeLargeRun(runFolder, RunTally.BARS / FORKS);
		String html = Files.readString(RunReport.write(runFolder));
		assertThat(count(html, "<g class=\"lease\">")).isEqualTo(RunTally.BARS / FORKS * FORKS);
		assertThat(html).doesNotContain("drawn one by one", "more in the JSON Lines files");
	}

	@Test
	void buildsTheReportOfALargeRunInAHeapThatCouldNotHoldItsEvents() throws Exception {
		writeLargeRun(runFolder, 7000); // 21,000 events, 10 MB of JSON Lines: all of them in memory needed more than 48 MB
		try (JavaProcess build = JavaProcess.start(ReportBuildMain.class, List.of("-Xmx16m", "-XX:+UseSerialGC"),
				runFolder.toString())) {
			assertThat(build.awaitLine("BUILT", 120)).isEqualTo("BUILT 21000");
			assertThat(build.awaitExit(60)).as("%s", build.output()).isZero();
		}
		assertThat(Files.readString(runFolder.resolve(RunReport.FILE_NAME))).contains("21000 leases", "</body></html>");
	}

	private static List<String> ids(List<?> items) {
		List<String> ids = new ArrayList<>();
		for (Object item : items) {
			ids.add(item instanceof ShownLease lease ? lease.event().id() : ((AllocationEvent) item).id());
		}
		return ids;
	}

	private static int count(String html, String text) {
		int count = 0;
		for (int at = html.indexOf(text); at >= 0; at = html.indexOf(text, at + 1)) {
			count++;
		}
		return count;
	}

	/** The data rows of the table in the section {@code id}, the note on rows left out aside. */
	static List<String> rows(String html, String id) {
		int start = html.indexOf("<section id=\"" + id + "\">");
		String section = html.substring(start, html.indexOf("</section>", start));
		List<String> rows = new ArrayList<>();
		Matcher row = Pattern.compile("<tr>(<td.*?)</tr>").matcher(section);
		while (row.find()) {
			if (!row.group(1).startsWith("<td colspan")) {
				rows.add(row.group(1));
			}
		}
		return rows;
	}
}
