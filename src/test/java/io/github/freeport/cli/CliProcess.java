package io.github.freeport.cli;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.github.freeport.testsupport.OutputLines;

/**
 * The CLI jar ({@code java -jar freeport-<version>-cli.jar ...}) as a child process, the way users run it.
 * Standard output is read line by line, standard error goes to a file. Always {@link #close()} it in a
 * {@code finally} (try-with-resources): that kills it.
 */
final class CliProcess implements AutoCloseable {

	/** How long a CLI run may take on a loaded 2-core machine, JVM start-up included. */
	static final long TIMEOUT_SECONDS = 60;

	private final Process process;
	private final Path errors;
	private final OutputLines output;

	private CliProcess(Process process, Path errors) {
		this.process = process;
		this.errors = errors;
		this.output = OutputLines.of(process, "cli " + process.pid() + " output");
	}

	/** The outcome of a finished run. */
	record Result(int exitCode, String out, String err) {

		@Override
		public String toString() {
			return "exit " + exitCode + "\n--- stdout:\n" + out + "--- stderr:\n" + err;
		}
	}

	/** Runs the CLI with the arguments and no input, and waits (bounded) for it to exit. */
	static Result run(Path workDir, String... arguments) throws InterruptedException {
		try (CliProcess cli = start(workDir, arguments)) {
			cli.closeInput();
			int exit = cli.awaitExit(TIMEOUT_SECONDS);
			return new Result(exit, String.join("\n", cli.output()) + "\n", cli.errors());
		}
	}

	/** Starts the CLI with the arguments, its input left open; no freeport settings from the environment. */
	static CliProcess start(Path workDir, String... arguments) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx64m", "-jar", jar().toString()));
		command.addAll(List.of(arguments));
		try {
			Files.createDirectories(workDir);
			Path errors = Files.createTempFile(workDir, "cli-", ".stderr");
			ProcessBuilder builder = new ProcessBuilder(command).redirectError(errors.toFile());
			builder.environment().keySet().removeIf(name -> name.startsWith("FREEPORT_"));
			return new CliProcess(builder.start(), errors);
		}
		catch (IOException e) {
			throw new UncheckedIOException("Cannot start the CLI: " + command, e);
		}
	}

	/** The CLI jar the build made; the failsafe execution names it in {@code test.cli.jar}
	 * (not a {@code freeport.} key: freeport refuses unknown ones). */
	static Path jar() {
		String jar = System.getProperty("test.cli.jar");
		if (jar == null || !Files.isRegularFile(Path.of(jar))) {
			fail("No CLI jar at test.cli.jar=%s: these tests run in 'mvn verify', after 'package' builds it", jar);
		}
		return Path.of(jar);
	}

	long pid() {
		return process.pid();
	}

	/** The next line of output starting with {@code prefix}, waiting at most {@code seconds}. */
	String awaitLine(String prefix, long seconds) throws InterruptedException {
		Optional<String> line = output.awaitLine(prefix, seconds);
		if (line.isEmpty()) {
			fail("No line starting with '%s' from the CLI (pid %d) within %d s; alive: %s; output: %s; errors: %s", prefix,
				pid(), seconds, process.isAlive(), output(), errors());
		}
		return line.get();
	}

	/** Ends the CLI's standard input. */
	void closeInput() {
		try {
			process.getOutputStream().close();
		}
		catch (IOException e) {
			// already gone
		}
	}

	/** Waits for the exit code, at most {@code seconds}, then for the rest of the output. */
	int awaitExit(long seconds) throws InterruptedException {
		if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
			fail("The CLI (pid %d) did not exit within %d s; output: %s; errors: %s", pid(), seconds, output(), errors());
		}
		output.awaitEnd(TimeUnit.SECONDS.toMillis(10));
		return process.exitValue();
	}

	List<String> output() {
		return output.all();
	}

	String errors() {
		try {
			return Files.readString(errors, StandardCharsets.UTF_8);
		}
		catch (IOException e) {
			return "(unreadable: " + e + ")";
		}
	}

	/** Kills the CLI (SIGKILL on Linux) and waits for it. */
	@Override
	public void close() {
		process.destroyForcibly();
		try {
			if (!process.waitFor(30, TimeUnit.SECONDS)) {
				fail("The CLI (pid %d) still runs 30 s after SIGKILL", pid());
			}
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted waiting for the CLI (pid " + pid() + ") to die", e);
		}
	}
}
