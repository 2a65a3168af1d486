package io.github.freeport.cli;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.github.freeport.config.Keys;
import io.github.freeport.json.JsonWriter;
import io.github.freeport.logs.RunReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code freeport report <run-folder>}: the HTML run report, rebuilt from the per-fork allocation logs. */
@Command(name = "report", mixinStandardHelpOptions = true,
	description = { "Build a test run's HTML report from its allocation logs.",
		"Reads every fork's JSON Lines file (events-<pid>.jsonl) in the run folder, writes report.html there"
				+ " and prints the run's summary line and the report's path." },
	exitCodeListHeading = "%nExit codes:%n", exitCodeList = { "0:the report was written",
		"1:the run folder holds no allocation log, or cannot be read or written",
		"2:usage error" })
final class ReportCommand implements Callable<Integer> {

	@Parameters(index = "0", paramLabel = "RUN_FOLDER",
		description = "The run's log folder, e.g. target/freeport/<run-id> (" + Keys.LOG_DIR + ").")
	Path runFolder;

	@Option(names = "--json", description = "Print the summary as JSON instead of text.")
	boolean json;

	@Spec
	CommandSpec spec;

	@Override
	public Integer call() {
		if (!Files.isDirectory(runFolder)) {
			spec.commandLine().getErr().println("freeport report: " + runFolder + " is not a folder; give the run folder,"
					+ " e.g. target/freeport/<run-id>");
			return FreeportCommand.FOUND;
		}
		try {
			RunReport report = RunReport.read(runFolder);
			if (report.allocationCount() == 0) {
				spec.commandLine().getErr().println("freeport report: no allocation events in " + runFolder
						+ " (expected events-<pid>.jsonl files written by test JVMs)"
						+ (report.problems().isEmpty() ? "" : "; problems: " + String.join("; ", report.problems()))
						+ more(report));
				return FreeportCommand.FOUND;
			}
			Path html = report.writeHtml();
			if (json) {
				spec.commandLine().getOut().println(new JsonWriter().beginObject().name("runId").value(report.runId())
					.name("allocations").value(report.allocationCount()).name("problems").value(report.problemCount())
					.name("report").value(html.toAbsolutePath().toString()).name("summary").value(report.summaryLine())
					.endObject());
			}
			else {
				spec.commandLine().getOut().println(report.summaryLine());
				report.problems().forEach(problem -> spec.commandLine().getOut().println("  skipped: " + problem));
				if (report.problemCount() > report.problems().size()) {
					spec.commandLine().getOut().println("  skipped:" + more(report));
				}
				spec.commandLine().getOut().println("report: " + html.toAbsolutePath().toUri());
			}
			return FreeportCommand.OK;
		}
		catch (UncheckedIOException e) {
			spec.commandLine().getErr().println("freeport report: " + e.getMessage());
			return FreeportCommand.FOUND;
		}
	}

	/** The unreadable lines beyond those listed, if any: {@code  and 120 more unreadable lines}. */
	private static String more(RunReport report) {
		long more = report.problemCount() - report.problems().size();
		return more > 0 ? " and " + more + " more unreadable lines" : "";
	}
}
