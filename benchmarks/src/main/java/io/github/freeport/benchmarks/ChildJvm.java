package io.github.freeport.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A JVM started from the benchmark jar, talking in lines on standard input and output; standard error
 * goes to a file under {@code target/child-logs}. {@link #close()} kills it (SIGKILL) and waits for it.
 */
final class ChildJvm implements AutoCloseable {

	private static final String END = "\u0000end of output";

	private final String name;
	private final Process process;
	private final Writer in;
	private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

	private ChildJvm(String name, Process process) {
		this.name = name;
		this.process = process;
		this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
		Thread reader = new Thread(this::pump, "output of " + name);
		reader.setDaemon(true);
		reader.start();
	}

	/** Starts {@code main} with the benchmark jar as class path and this JVM's registry and log folders. */
	static ChildJvm start(String name, Class<?> main, List<String> jvmArgs, String... args) throws IOException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmArgs);
		for (String key : List.of("freeport.registry.dir", "freeport.log.dir")) {
			String value = System.getProperty(key);
			if (value != null) {
				command.add("-D" + key + "=" + value);
			}
		}
		command.add("-cp");
		command.add(benchmarkJar().toString());
		command.add(main.getName());
		command.addAll(List.of(args));
		Path logs = Path.of(System.getProperty("bench.child.logs", "target/child-logs"));
		Files.createDirectories(logs);
		Process process = new ProcessBuilder(command).redirectError(logs.resolve(name + ".err").toFile()).start();
		return new ChildJvm(name, process);
	}

	/** The benchmark jar this JVM runs from: the class path of every child. */
	static Path benchmarkJar() {
		try {
			return Path.of(ChildJvm.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		}
		catch (Exception e) {
			throw new IllegalStateException("Cannot locate the benchmark jar: " + e, e);
		}
	}

	private void pump() {
		try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			for (String line = reader.readLine(); line != null; line = reader.readLine()) {
				lines.add(line);
			}
		}
		catch (IOException e) {
			// the process is gone
		}
		lines.add(END);
	}

	/** The next output line starting with {@code prefix} (others are skipped), within the timeout. */
	String awaitLine(String prefix, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			long left = deadline - System.nanoTime();
			String line = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
			if (line == null) {
				throw new IllegalStateException(name + " printed no line starting with '" + prefix + "' within " + timeout);
			}
			if (line.equals(END)) {
				lines.add(END);
				throw new IllegalStateException(name + " ended (exit " + exitCode() + ") before printing '" + prefix
						+ "'; see its standard error under target/child-logs");
			}
			if (line.startsWith(prefix)) {
				return line;
			}
		}
	}

	private String exitCode() {
		try {
			return process.waitFor(1, TimeUnit.SECONDS) ? String.valueOf(process.exitValue()) : "still running";
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return "unknown";
		}
	}

	void send(String line) throws IOException {
		in.write(line + "\n");
		in.flush();
	}

	Process process() {
		return process;
	}

	@Override
	public void close() {
		process.destroyForcibly();
		try {
			process.waitFor(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	/** Closes all, each in turn, whatever the others do. */
	static void closeAll(List<ChildJvm> children) {
		for (ChildJvm child : children) {
			child.close();
		}
	}

	/** Waits {@code duration} without spinning; for pacing, never for synchronisation. */
	static void pause(Duration duration) {
		long deadline = System.nanoTime() + duration.toNanos();
		for (long left = duration.toNanos(); left > 0; left = deadline - System.nanoTime()) {
			java.util.concurrent.locks.LockSupport.parkNanos(left);
		}
	}
}
