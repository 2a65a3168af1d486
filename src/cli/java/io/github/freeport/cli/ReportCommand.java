package io.github.freeport.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code freeport report <run-folder>}: a run's allocations, from the per-fork allocation logs. */
@Command(name = "report", mixinStandardHelpOptions = true,
	description = { "Summarise a test run's allocations (not in this build).", "Reads the run's allocation logs (one JSON Lines file per fork in the run folder):"
			+ " ports per test, refusals and who caused them, waits, conflicts.",
		"Not available in this build: it needs the allocation logs, which this build does not write." },
	exitCodeListHeading = "%nExit codes:%n", exitCodeList = { "0:the report was printed",
		"1:the run folder holds no readable allocation log",
		"2:usage error, or this build has no allocation logs (as now)" })
final class ReportCommand implements Callable<Integer> {

	@Parameters(index = "0", paramLabel = "RUN_FOLDER", description = "The run's log folder (freeport.log.dir).")
	Path runFolder;

	@Option(names = "--json", description = "Print the report as JSON instead of text.")
	boolean json;

	@Spec
	CommandSpec spec;

	/**
	 * WIRING POINT (RunReport): read {@link #runFolder} with the allocation-log work's {@code RunReport}
	 * and print it (text, or JSON with {@link #json}); return 1 when the folder holds no readable log.
	 */
	@Override
	public Integer call() {
		spec.commandLine().getErr().println("freeport report is not available in this build: it reads the allocation logs"
				+ " (JSON Lines per fork, RunReport), which this build does not have yet");
		return FreeportCommand.USAGE;
	}
}
