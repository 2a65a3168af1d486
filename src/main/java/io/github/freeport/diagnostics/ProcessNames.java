package io.github.freeport.diagnostics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Command lines of processes by pid, and how holders name them. */
final class ProcessNames {

	private static final int LONG_ARGUMENT = 120;
	private static final int KEPT = 40;

	private ProcessNames() {
	}

	/** The command line of a live process, where the operating system tells it. */
	static Optional<String> commandLine(long pid) {
		Optional<ProcessHandle.Info> info = ProcessHandle.of(pid).map(ProcessHandle::info);
		Optional<String> line = info.flatMap(ProcessHandle.Info::commandLine);
		if (line.isPresent()) {
			return line;
		}
		Optional<String> proc = procCmdline(pid);
		return proc.isPresent() ? proc : info.flatMap(ProcessHandle.Info::command);
	}

	/** Linux: {@code /proc/<pid>/cmdline}, readable where {@code /proc/<pid>/exe} is not. */
	private static Optional<String> procCmdline(long pid) {
		try {
			byte[] bytes = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
			String line = new String(bytes, StandardCharsets.UTF_8).replace('\0', ' ').trim();
			return line.isEmpty() ? Optional.empty() : Optional.of(line);
		}
		catch (IOException | RuntimeException e) {
			return Optional.empty();
		}
	}

	/** {@code pid 1234: java -cp a.jar:…(2345 chars)…:z.jar Main}, or {@code pid 1234 (this JVM)}. */
	static String describe(long pid, Optional<String> commandLine) {
		if (pid == ProcessHandle.current().pid()) {
			return "pid " + pid + " (this JVM)";
		}
		return "pid " + pid + commandLine.map(line -> ": " + shorten(line)).orElse(", command line unknown");
	}

	/** The command line with each argument longer than 120 characters cut in its middle. */
	static String shorten(String commandLine) {
		return Stream.of(commandLine.split(" ")).map(ProcessNames::shortenArgument).collect(Collectors.joining(" "));
	}

	private static String shortenArgument(String argument) {
		if (argument.length() <= LONG_ARGUMENT) {
			return argument;
		}
		return argument.substring(0, KEPT) + "…(" + argument.length() + " chars)…"
				+ argument.substring(argument.length() - KEPT);
	}
}
