package io.github.freeport.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM running a {@code main} class of the test sources, spoken to over stdin and read line by
 * line from stdout (stderr is merged). Always {@link #close()} it in a {@code finally}: that kills it.
 */
public final class JavaProcess implements AutoCloseable {

	private final Process process;
	private final OutputLines output;

	private JavaProcess(Process process) {
		this.process = process;
		this.output = OutputLines.of(process, "output of pid " + process.pid());
	}

	/** Starts {@code mainClass} with the JVM options and arguments given; the classpath is freeport's and the tests'. */
	public static JavaProcess start(Class<?> mainClass, List<String> jvmOptions, String... arguments) {
		return start(mainClass, List.of(location(io.github.freeport.Ports.class), location(mainClass)), null, jvmOptions,
			arguments);
	}

	/**
	 * Starts {@code mainClass} on the class path given (folders and jars, in order), in {@code workingDir} (or
	 * this JVM's when {@code null}).
	 */
	public static JavaProcess start(Class<?> mainClass, List<String> classPath, Path workingDir, List<String> jvmOptions,
			String... arguments) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmOptions);
		command.add("-cp");
		command.add(String.join(java.io.File.pathSeparator, classPath));
		command.add(mainClass.getName());
		command.addAll(List.of(arguments));
		try {
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
			if (workingDir != null) {
				builder.directory(workingDir.toFile());
			}
			builder.environment().keySet().removeIf(name -> name.startsWith("FREEPORT_"));
			return new JavaProcess(builder.start());
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** The jar or classes folder a class is loaded from. */
	public static String location(Class<?> type) {
		try {
			return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
		}
		catch (URISyntaxException e) {
			throw new IllegalStateException(e);
		}
	}

	public long pid() {
		return process.pid();
	}

	/** The next line starting with {@code prefix}, waiting at most {@code seconds}; fails with all output so far. */
	public String awaitLine(String prefix, long seconds) throws InterruptedException {
		return output.awaitLine(prefix, seconds).orElseThrow(() -> new AssertionError("No line starting with '" + prefix
				+ "' from pid " + pid() + " within " + seconds + " s; alive: " + process.isAlive() + "; output: " + output()));
	}

	/** Sends one line to the process. */
	public void send(String line) throws IOException {
		process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
		process.getOutputStream().flush();
	}

	/** Waits for the exit code, at most {@code seconds}. */
	public int awaitExit(long seconds) throws InterruptedException {
		if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
			throw new AssertionError("pid " + pid() + " did not exit within " + seconds + " s; output: " + output());
		}
		return process.exitValue();
	}

	public List<String> output() {
		return output.all();
	}

	/** Kills the process (SIGKILL on Linux) and waits for it. */
	@Override
	public void close() throws InterruptedException {
		process.destroyForcibly();
		process.waitFor(30, TimeUnit.SECONDS);
	}
}
