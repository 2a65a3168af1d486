package io.github.freeport.crossprocess;

import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.github.freeport.Ports;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A child JVM running {@link LeaseWorker}, driven line by line. Every wait is bounded; {@link #close()}
 * kills the process, so use it in try-with-resources.
 */
public final class WorkerJvm implements AutoCloseable {

	/** How long one answer may take on a loaded machine; JVM start-up included. */
	public static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(45);

	private static final String EOF = "\u0000end of output";

	private final Process process;
	private final Writer commands;
	private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
	private final Path errors;
	private final long pid;

	private WorkerJvm(Process process, Path errors) throws IOException {
		this.process = process;
		this.errors = errors;
		this.commands = process.outputWriter(StandardCharsets.UTF_8);
		Thread reader = new Thread(this::readOutput, "worker " + process.pid() + " output");
		reader.setDaemon(true);
		reader.start();
		this.pid = Long.parseLong(expect("READY").substring("READY ".length()));
	}

	/** Starts a worker on the given registry folder; {@code workDir} keeps its stderr. */
	public static WorkerJvm start(Path registry, Path workDir) {
		return startWith(workDir, "-Dfreeport.registry.dir=" + registry);
	}

	/**
	 * Starts a worker with the given system properties (e.g. {@code -Djava.io.tmpdir=...}) and no freeport
	 * settings from the environment.
	 */
	public static WorkerJvm startWith(Path workDir, String... properties) {
		return startWith(workDir, Map.of(), properties);
	}

	/** Starts a worker with the given environment variables added, e.g. {@code LD_PRELOAD}. */
	public static WorkerJvm startWith(Path workDir, Map<String, String> variables, String... properties) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		// a short-lived child: start fast, stay small
		command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss512k", "-Xmx64m", "-Xshare:auto"));
		command.addAll(List.of(properties));
		command.add("-cp");
		command.add(classPath());
		command.add(LeaseWorker.class.getName());
		try {
			Files.createDirectories(workDir);
			Path errors = Files.createTempFile(workDir, "worker-", ".stderr");
			ProcessBuilder builder = new ProcessBuilder(command).redirectError(errors.toFile());
			Map<String, String> environment = builder.environment();
			environment.keySet().removeIf(name -> name.startsWith("FREEPORT_"));
			environment.putAll(variables);
			Process process = builder.start();
			try {
				return new WorkerJvm(process, errors);
			}
			catch (RuntimeException | Error | IOException e) {
				process.destroyForcibly();
				throw e;
			}
		}
		catch (IOException e) {
			throw new UncheckedIOException("Cannot start a worker JVM: " + command, e);
		}
	}

	private static String classPath() {
		Set<String> entries = new LinkedHashSet<>();
		// test classes (the worker), main classes (freeport), JUnit's API (FreePort is meta-annotated with it)
		for (Class<?> type : List.of(LeaseWorker.class, Ports.class, ExtendWith.class)) {
			try {
				entries.add(Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
			}
			catch (URISyntaxException e) {
				throw new IllegalStateException("No file location for " + type, e);
			}
		}
		return String.join(System.getProperty("path.separator"), entries);
	}

	private void readOutput() {
		try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				lines.add(line);
			}
		}
		catch (IOException e) {
			// the process is gone: the EOF marker below says so
		}
		lines.add(EOF);
	}

	/** The worker's process id. */
	public long pid() {
		return pid;
	}

	/** Sends one command line. */
	public WorkerJvm send(String command) {
		try {
			commands.write(command + "\n");
			commands.flush();
			return this;
		}
		catch (IOException e) {
			throw new UncheckedIOException("Cannot send '" + command + "' to worker " + pid + describeErrors(), e);
		}
	}

	/** Sends a command and returns the answer, which must start with {@code prefix}. */
	public String ask(String command, String prefix) {
		return send(command).expect(prefix);
	}

	/** The next line, which must start with {@code prefix}; fails on anything else, a dead worker or a timeout. */
	public String expect(String prefix) {
		String line = next(ANSWER_TIMEOUT);
		if (!line.startsWith(prefix)) {
			fail("Worker %d answered '%s' where '%s ...' was expected%s", pid, line, prefix, describeErrors());
		}
		return line;
	}

	/** The next line, whatever it is; fails when none comes within the timeout. */
	public String next(Duration timeout) {
		String line;
		try {
			line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted waiting for worker " + pid, e);
		}
		if (line == null) {
			fail("Worker %d did not answer within %s%s", pid, timeout, describeErrors());
		}
		if (line.equals(EOF)) {
			lines.add(EOF);
			fail("Worker %d ended (exit %s) without answering%s", pid, process.isAlive() ? "?" : process.exitValue(),
				describeErrors());
		}
		return line;
	}

	/**
	 * Every line not read yet, up to the end of the output (after {@link #kill()}), waiting at most
	 * {@code timeout} for the end; never fails.
	 */
	public List<String> remainingOutput(Duration timeout) {
		List<String> rest = new ArrayList<>();
		long deadline = System.nanoTime() + timeout.toNanos();
		try {
			String line;
			while ((line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) != null) {
				if (line.equals(EOF)) {
					lines.add(EOF);
					break;
				}
				rest.add(line);
			}
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		return rest;
	}

	/** The worker's stderr so far. */
	public String errors() {
		try {
			return Files.readString(errors, StandardCharsets.UTF_8);
		}
		catch (IOException e) {
			return "";
		}
	}

	/** The ports of a {@code LEASED 1 2 3} answer. */
	public static List<Integer> ports(String leasedAnswer) {
		List<Integer> ports = new ArrayList<>();
		for (String word : leasedAnswer.substring("LEASED".length()).trim().split("\\s+")) {
			ports.add(Integer.parseInt(word));
		}
		return ports;
	}

	/** Kills the worker with SIGKILL (on Linux) and waits until it is gone. */
	public void kill() {
		process.destroyForcibly();
		try {
			if (!process.waitFor(30, TimeUnit.SECONDS)) {
				fail("Worker %d still alive 30 s after SIGKILL", pid);
			}
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted waiting for worker " + pid + " to die", e);
		}
	}

	public boolean isAlive() {
		return process.isAlive();
	}

	private String describeErrors() {
		try {
			String text = Files.readString(errors, StandardCharsets.UTF_8).strip();
			return text.isEmpty() ? "" : "; its stderr:\n" + text;
		}
		catch (IOException e) {
			return "";
		}
	}

	@Override
	public void close() {
		kill();
	}
}
