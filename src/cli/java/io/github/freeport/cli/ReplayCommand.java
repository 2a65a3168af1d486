package io.github.freeport.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

import io.github.freeport.FreePortException;
import io.github.freeport.conflicts.Replay;
import io.github.freeport.conflicts.ReplayPlan;
import io.github.freeport.conflicts.ReplayedConflicts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code freeport replay <log>}: re-creates the busy ports an allocation log recorded, to reproduce a CI conflict. */
@Command(name = "replay", mixinStandardHelpOptions = true,
	description = { "Re-create the busy ports a test met in a recorded run.",
		"Reads the run's allocation logs (a run folder, or one events-<pid>.jsonl), finds the test's refused"
				+ " candidates and re-creates them in order, each with its kind of holder (a registry lease, a socket"
				+ " held outside the registry, a listening process), so the same test meets the same conflicts."
				+ " Holds them like 'occupy', then releases everything." },
	exitCodeListHeading = "%nExit codes:%n", exitCodeList = { "0:replayed, held, then released",
		"1:the log has no such test, cannot be read, or a port could not be occupied (nothing is held)",
		FreeportCommand.EXIT_CODES_USAGE })
final class ReplayCommand implements Callable<Integer> {

	@Mixin
	RegistryOptions registry;

	@Parameters(index = "0", paramLabel = "LOG",
		description = "A run folder (target/freeport/<run-id>) or one fork's events-<pid>.jsonl.")
	Path log;

	@Option(names = "--test", paramLabel = "ID", description = "The test to replay: its JUnit unique id, or a part of"
			+ " its id or display name that matches one test (default: the only test that met busy ports).")
	String test;

	@Option(names = "--for", paramLabel = "DURATION", converter = DurationConverter.class,
		description = "How long to hold the ports, e.g. 60s (default: until Ctrl-C or end of input).")
	Duration duration;

	@Option(names = "--ignore-stdin", description = "Do not stop at the end of standard input (needs --for).")
	boolean ignoreStdin;

	@Option(names = "--dry-run", description = "Only print the plan: which ports, how, and why.")
	boolean dryRun;

	@Spec
	CommandSpec spec;

	@Override
	public Integer call() throws InterruptedException {
		if (duration == null && ignoreStdin) {
			throw new ParameterException(spec.commandLine(),
				"--ignore-stdin needs --for: without a duration, only Ctrl-C would stop the hold");
		}
		PrintWriter out = spec.commandLine().getOut();
		ReplayPlan plan;
		try {
			plan = Replay.plan(log, test);
		}
		catch (FreePortException e) {
			spec.commandLine().getErr().println("freeport replay: " + e.getMessage());
			return FreeportCommand.FOUND;
		}
		out.println(plan.describe());
		if (dryRun) {
			return FreeportCommand.OK;
		}
		ReplayedConflicts conflicts;
		try {
			conflicts = plan.occupy(registry.configuration());
		}
		catch (FreePortException e) {
			spec.commandLine().getErr().println("freeport replay: " + e.getMessage());
			return FreeportCommand.FOUND;
		}
		Thread release = new Thread(conflicts::close, "freeport replay release");
		Runtime.getRuntime().addShutdownHook(release);
		try {
			out.println("holding " + conflicts.steps().size() + " port(s) until "
					+ (duration == null ? "" : duration.toString().substring(2).toLowerCase() + " pass, ") + "Ctrl-C"
					+ (ignoreStdin ? "" : " or end of input"));
			out.flush();
			String why = HoldEnd.await(duration, ignoreStdin);
			conflicts.close();
			out.println("released (" + why + ")");
			return FreeportCommand.OK;
		}
		finally {
			conflicts.close();
			try {
				Runtime.getRuntime().removeShutdownHook(release);
			}
			catch (IllegalStateException e) {
				// shutting down: the hook releases
			}
		}
	}
}
