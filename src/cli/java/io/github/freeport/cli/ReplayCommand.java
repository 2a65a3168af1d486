package io.github.freeport.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code freeport replay <log>}: re-creates the busy ports an allocation log recorded, to reproduce a CI conflict. */
@Command(name = "replay", mixinStandardHelpOptions = true,
	description = { "Re-create a recorded run's busy ports (not in this build).", "Re-creates, on this host, the ports that were busy when a recorded allocation ran (refused candidates"
			+ " and their kind of holder), so the same test meets the same conflicts; holds them like 'occupy'.",
		"Not available in this build: it needs the allocation logs, which this build does not write." },
	exitCodeListHeading = "%nExit codes:%n", exitCodeList = { "0:replayed, held, then released",
		"1:the log has no such test, or a port could not be occupied",
		"2:usage error, or this build has no allocation logs (as now)" })
final class ReplayCommand implements Callable<Integer> {

	@Parameters(index = "0", paramLabel = "LOG", description = "An allocation log (JSON Lines) of one fork.")
	Path log;

	@Option(names = "--test", paramLabel = "ID", description = "Replay only this test's allocations (its JUnit unique id,"
			+ " or a part of it).")
	String test;

	@Option(names = "--for", paramLabel = "DURATION", converter = DurationConverter.class,
		description = "How long to hold the ports, e.g. 60s (default: until Ctrl-C or end of input).")
	Duration duration;

	@Spec
	CommandSpec spec;

	/**
	 * WIRING POINT (allocation log): read {@link #log} with the allocation-log work's reader, select
	 * {@link #test}'s events, and occupy their refused candidates as {@link OccupyCommand} does, for
	 * {@link #duration}.
	 */
	@Override
	public Integer call() {
		spec.commandLine().getErr().println("freeport replay is not available in this build: it reads the allocation logs"
				+ " (JSON Lines per fork), which this build does not have yet");
		return FreeportCommand.USAGE;
	}
}
