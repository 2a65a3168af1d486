package io.github.freeport.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** What the CLI says about a process and a moment, the same way in every command. */
final class ProcessDescription {

	private static final int SHORT_COMMAND = 160;

	private ProcessDescription() {
	}

	/**
	 * The process's command line as the OS shows it to this user, else its executable, else why it is
	 * unknown. A pid from another pid namespace (a container) reads as not running here.
	 */
	static String command(long pid) {
		return ProcessHandle.of(pid)
			.map(process -> process.info().commandLine().or(() -> process.info().command())
				.orElse("unknown (the OS does not show this process's command line to this user)"))
			.orElse("unknown (no process " + pid + " is visible here: it has exited, or runs in another container)");
	}

	/**
	 * {@link #command}, cut to one readable line for text output: its start (the executable) and its end
	 * (for Java, the main class or jar and the arguments), without the middle (the options and class path).
	 */
	static String shortCommand(long pid) {
		String command = command(pid);
		if (command.length() <= SHORT_COMMAND) {
			return command;
		}
		int half = (SHORT_COMMAND - 5) / 2;
		return command.substring(0, half) + " ... " + command.substring(command.length() - half);
	}

	/** An instant and how long ago it was: {@code 2026-11-25T22:34:39Z (3m12s ago)}. */
	static String since(Instant since) {
		Duration age = Duration.between(since, Instant.now());
		return since.truncatedTo(ChronoUnit.SECONDS) + " (" + age(age) + " ago)";
	}

	private static String age(Duration age) {
		if (age.isNegative()) {
			return "0s";
		}
		long seconds = age.toSeconds();
		if (seconds < 60) {
			return seconds + "s";
		}
		if (seconds < 3600) {
			return seconds / 60 + "m" + seconds % 60 + "s";
		}
		return seconds / 3600 + "h" + seconds % 3600 / 60 + "m";
	}
}
