package io.github.freeport.logs;

import static io.github.freeport.logs.AllocationEventTests.event;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.freeport.AllocationTrace.Attempt;
import io.github.freeport.AllocationTrace.Refusal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunReportTests {

	static final Instant T0 = Instant.parse("2025-03-04T05:06:07Z");

	@TempDir
	Path runFolder;

	/** A run of two forks, with a conflict, a wait and an odd display name. */
	static void writeSampleRun(Path runFolder) throws IOException {
		Files.createDirectories(runFolder);
		List<String> fork1 = new ArrayList<>();
		List<String> fork2 = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			fork1.add(event("serverStarts" + i + "()", 41000 + i, T0.plusMillis(300L * i), Duration.ofMillis(1 + i),
				T0.plusMillis(300L * i + 700), 1111, List.of(), Duration.ZERO).toJson());
		}
		fork2.add(event("clientConnects() <\"odd\" & name>", 42001, T0.plusMillis(100), Duration.ofMillis(12),
			T0.plusMillis(1500), 2222,
			List.of(new Attempt(41002, Refusal.LEASED_BY_OTHER_PROCESS, "pid 1111 fork 1 (serverStarts2())"),
				new Attempt(41003, Refusal.BIND_FAILED, "Address already in use")), Duration.ZERO).toJson());
		fork2.add(event("waitsForAPort()", 42002, T0.plusMillis(900), Duration.ofMillis(250), T0.plusMillis(1800), 2222,
			List.of(new Attempt(42001, Refusal.LEASED_IN_THIS_JVM, "[engine:junit-jupiter]/[method:clientConnects()]")),
			Duration.ofMillis(200)).toJson());
		Files.write(runFolder.resolve("events-1111.jsonl"), fork1);
		Files.write(runFolder.resolve("events-2222.jsonl"), fork2);
	}

	@Test
	void readsAllForksInStartOrderAndSummarisesThem() throws IOException {
		writeSampleRun(runFolder);
		RunReport report = RunReport.read(runFolder);
		assertThat(report.allocationCount()).isEqualTo(8);
		assertThat(report.problems()).isEmpty();
		assertThat(RunEvents.read(runFolder).events()).hasSize(8)
			.isSortedAccordingTo(java.util.Comparator.comparing(AllocationEvent::startedAt));
		assertThat(report.summaryLine()).startsWith("[freeport] run " + runFolder.getFileName() + ": 8 ports for 8 tests in 2 forks;"
				+ " 3 candidates refused (1 leased in this jvm, 1 leased by other process, 1 bind failed); slowest 250.0 ms;"
				+ " 1 waits for an exhausted range. Report: file:")
			.endsWith("/report.html");
	}

	@Test
	void skipsATornLastLineSilentlyAndNamesBadLines() throws IOException {
		writeSampleRun(runFolder);
		Files.writeString(runFolder.resolve("events-3333.jsonl"), "not json\n{\"v\":1,\"id\":\"torn",
			StandardCharsets.UTF_8);
		RunReport report = RunReport.read(runFolder);
		assertThat(report.allocationCount()).isEqualTo(8);
		assertThat(report.problems()).singleElement().asString()
			.startsWith("events-3333.jsonl line 1: Invalid JSON at character 0");
	}

	@Test
	void listsTheFirstUnreadableLinesAndCountsThemAll() throws IOException {
		writeSampleRun(runFolder);
		Files.writeString(runFolder.resolve("events-3333.jsonl"), "not json\n".repeat(150), StandardCharsets.UTF_8);
		RunReport report = RunReport.read(runFolder);
		assertThat(report.allocationCount()).isEqualTo(8);
		assertThat(report.problemCount()).isEqualTo(150);
		assertThat(report.problems()).hasSize(RunTally.PROBLEMS).first().asString()
			.startsWith("events-3333.jsonl line 1: Invalid JSON at character 0");
		assertThat(report.problems()).last().asString().startsWith("events-3333.jsonl line 100: ");
		assertThat(report.summaryLine()).contains("; 150 unreadable lines. Report: ");
		String html = Files.readString(report.writeHtml());
		assertThat(html).contains("events-3333.jsonl line 50: ", "<li>… and 100 more unreadable lines</li>")
			.doesNotContain("events-3333.jsonl line 51: ");
	}

	@Test
	void writesOneSelfContainedPageWithEscapedNames() throws IOException {
		writeSampleRun(runFolder);
		Path page = RunReport.write(runFolder);
		assertThat(page).isEqualTo(runFolder.resolve("report.html"));
		String html = Files.readString(page);
		assertThat(html).contains("<svg id=\"timeline\"", ">41005<", "42002", "clientConnects() &lt;&quot;odd&quot; &amp; name&gt;",
			"pid 1111 fork 1", "Slowest allocations", "Waits for an exhausted range", "leased by other process")
			.doesNotContain("<script", "src=", "href=", "url(", "@import", "<\"odd\"");
		try (var files = Files.list(runFolder)) {
			assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.endsWith(".tmp"));
		}
	}

	@Test
	void rebuildingWhileForksAppendAlwaysLeavesACompleteReport() throws Exception {
		writeSampleRun(runFolder);
		Thread appender = new Thread(() -> {
			for (int i = 0; i < 200; i++) {
				EventLog.append(runFolder, event("late" + i, 43000 + i, T0.plusSeconds(2), Duration.ofMillis(1),
					T0.plusSeconds(3), ProcessHandle.current().pid(), List.of(), Duration.ZERO));
			}
		});
		appender.start();
		try {
			for (int i = 0; i < 20; i++) {
				RunReport.write(runFolder);
				assertThat(Files.readString(runFolder.resolve("report.html"))).endsWith("</body></html>\n");
			}
		}
		finally {
			appender.join(TimeUnit.SECONDS.toMillis(60));
		}
		assertThat(RunReport.read(runFolder).allocationCount()).isEqualTo(208);
		assertThat(Files.readString(RunReport.write(runFolder))).contains(">43199<".substring(0, 6));
	}

	@Test
	void printsTheSummaryOnceWhenNoOtherForkIsOpen() throws IOException {
		writeSampleRun(runFolder);
		Files.write(runFolder.resolve("fork-" + Long.MAX_VALUE + ".open"), new byte[0], StandardOpenOption.CREATE);
		assertThat(EventLog.otherForksOpen(runFolder)).as("a marker whose process is gone").isFalse();
		Files.write(runFolder.resolve("fork-" + ProcessHandle.current().parent().orElseThrow().pid() + ".open"), new byte[0]);
		assertThat(EventLog.otherForksOpen(runFolder)).as("a marker of a live process").isTrue();
	}
}
