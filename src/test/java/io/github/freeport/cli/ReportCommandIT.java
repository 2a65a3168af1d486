package io.github.freeport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.github.freeport.testsupport.IndependentJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code freeport report}, run from the CLI jar over per-fork logs written as test JVMs write them. */
class ReportCommandIT {

	@TempDir
	Path temp;

	@Test
	void buildsTheHtmlReportFromTheForksFiles() throws IOException, InterruptedException {
		Path run = Files.createDirectories(temp.resolve("run"));
		Path source = firstEventsFileOfThisBuild();
		// two forks' files, copied from what this build's own tests wrote
		Files.copy(source, run.resolve("events-101.jsonl"));
		Files.copy(source, run.resolve("events-102.jsonl"));

		CliProcess.Result result = CliProcess.run(temp, "report", run.toString());

		assertThat(result.exitCode()).as("%s", result).isZero();
		assertThat(result.out()).as("%s", result).contains("report: file:").contains("report.html");
		assertThat(run.resolve("report.html")).isRegularFile();
		assertThat(Files.readString(run.resolve("report.html"), StandardCharsets.UTF_8)).contains("<svg");
	}

	@Test
	void printsParsableJson() throws IOException, InterruptedException {
		Path run = Files.createDirectories(temp.resolve("json run"));
		Path source = firstEventsFileOfThisBuild();
		Files.copy(source, run.resolve("events-101.jsonl"));
		// the file also holds failed allocations and lease notices ("kind" present); only allocations are counted
		long events = Files.readAllLines(source, StandardCharsets.UTF_8).stream().filter(line -> !line.isBlank())
			.map(IndependentJson::object).filter(line -> "allocation".equals(line.getOrDefault("kind", "allocation")))
			.count();

		CliProcess.Result result = CliProcess.run(temp, "report", "--json", run.toString());

		assertThat(result.exitCode()).as("%s", result).isZero();
		Map<String, Object> report = IndependentJson.object(result.out().strip());
		assertThat(report).containsEntry("runId", "json run").containsEntry("allocations", events)
			.containsEntry("problems", 0L).containsEntry("report", run.resolve("report.html").toAbsolutePath().toString());
		assertThat((String) report.get("summary")).startsWith("[freeport] run json run: " + events + " ports");
	}

	@Test
	void anEmptyFolderIsAFinding() throws InterruptedException, IOException {
		Path run = Files.createDirectories(temp.resolve("empty"));
		CliProcess.Result result = CliProcess.run(temp, "report", run.toString());
		assertThat(result.exitCode()).as("%s", result).isEqualTo(1);
		assertThat(result.err()).contains("no allocation events in " + run);
	}

	@Test
	void aMissingFolderIsAFinding() throws InterruptedException {
		CliProcess.Result result = CliProcess.run(temp, "report", temp.resolve("nowhere").toString());
		assertThat(result.exitCode()).as("%s", result).isEqualTo(1);
		assertThat(result.err()).contains("is not a folder");
	}

	/** The unit tests (Surefire, before this IT) leave per-fork logs under target/freeport. */
	private static Path firstEventsFileOfThisBuild() throws IOException {
		try (var files = Files.walk(Path.of("target", "freeport"))) {
			return files.filter(f -> f.getFileName().toString().matches("events-\\d+\\.jsonl"))
				.filter(f -> {
					try {
						return Files.size(f) > 0;
					}
					catch (IOException e) {
						return false;
					}
				}).findFirst().orElseThrow(() -> new AssertionError("no events-<pid>.jsonl under target/freeport"));
		}
	}
}
