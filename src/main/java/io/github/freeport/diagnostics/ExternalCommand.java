package io.github.freeport.diagnostics;

import java.io.File;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Runs a diagnostic tool with a bounded wait; its output goes through a file, so it can never block it. */
final class ExternalCommand {

	static final Duration TIMEOUT = Duration.ofSeconds(10);

	private ExternalCommand() {
	}

	/** The standard output of a command that finished in time (whatever its exit code), else why not. */
	static Output run(List<String> command) {
		Path output = null;
		Process process = null;
		try {
			output = Files.createTempFile("freeport-diagnostics", ".txt");
			process = new ProcessBuilder(command).redirectOutput(output.toFile())
				.redirectError(ProcessBuilder.Redirect.DISCARD).redirectInput(ProcessBuilder.Redirect.from(nullFile()))
				.start();
			if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				return new Output("", String.join(" ", command) + " did not finish within " + TIMEOUT.toSeconds() + " s");
			}
			return new Output(Files.readString(output, Charset.defaultCharset()), "");
		}
		catch (IOException e) {
			return new Output("", String.join(" ", command) + " failed: " + e.getMessage());
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return new Output("", String.join(" ", command) + " was interrupted");
		}
		finally {
			if (process != null && process.isAlive()) {
				process.destroyForcibly();
			}
			if (output != null) {
				output.toFile().delete();
			}
		}
	}

	/**
	 * What a command printed.
	 *
	 * @param text its standard output
	 * @param failure why there is none (not started, timed out), or empty
	 */
	record Output(String text, String failure) {

		boolean failed() {
			return !failure.isEmpty();
		}
	}

	/** An executable of that name on the PATH. */
	static Optional<Path> onPath(String name) {
		String path = System.getenv("PATH");
		if (path == null) {
			return Optional.empty();
		}
		for (String folder : path.split(File.pathSeparator)) {
			if (!folder.isEmpty()) {
				Path candidate = Path.of(folder, name);
				if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
					return Optional.of(candidate);
				}
			}
		}
		return Optional.empty();
	}

	private static File nullFile() {
		return new File(File.separatorChar == '\\' ? "NUL" : "/dev/null");
	}
}
