package io.github.freeport.conflicts;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link HolderProcess} started with this JVM's {@code java} and freeport's own code-source location as
 * class path, listening on the port. Closing closes its standard input, waits for it to exit, and kills it
 * if it does not; if this JVM dies first, the pipe closes and the holder exits by itself.
 */
final class OtherProcessOccupant implements Occupant {

	private static final long STARTUP_SECONDS = 60;
	private static final long EXIT_SECONDS = 10;

	private final Process process;

	private OtherProcessOccupant(Process process) {
		this.process = process;
	}

	static OtherProcessOccupant start(int port) throws IOException {
		List<String> command = List.of(javaExecutable(), "-Xmx32m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
			"-Dfreeport.holder.parent=" + ProcessHandle.current().pid(), "-cp", classPath(), HolderProcess.class.getName(),
			String.valueOf(port));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		try {
			awaitReady(process, port);
			return new OtherProcessOccupant(process);
		}
		catch (IOException | RuntimeException e) {
			stop(process);
			throw e;
		}
	}

	private static void awaitReady(Process process, int port) throws IOException {
		CompletableFuture<String> outcome = new CompletableFuture<>();
		StringBuilder output = new StringBuilder();
		Thread reader = new Thread(() -> {
			try (BufferedReader lines = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
				String line;
				while ((line = lines.readLine()) != null) {
					if (line.startsWith(HolderProcess.READY) || line.startsWith(HolderProcess.FAILED)) {
						outcome.complete(line);
					}
					else if (!outcome.isDone()) {
						synchronized (output) {
							output.append(line).append('\n');
						}
					}
				}
			}
			catch (IOException e) {
				// the process is gone; the outcome says so below
			}
			outcome.complete("exited");
		}, "freeport holder process output, port " + port);
		reader.setDaemon(true); // it drains the holder's output until the holder exits
		reader.start();
		String line;
		try {
			line = outcome.get(STARTUP_SECONDS, TimeUnit.SECONDS);
		}
		catch (TimeoutException e) {
			throw new IOException("the holder process (pid " + process.pid() + ") did not report within " + STARTUP_SECONDS
					+ " s; its output: " + output(output));
		}
		catch (ExecutionException e) {
			throw new IOException("cannot read the holder process's output: " + e.getCause(), e.getCause());
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IOException("interrupted while starting the holder process");
		}
		if (line.startsWith(HolderProcess.FAILED)) {
			throw new IOException(line.substring(HolderProcess.FAILED.length()));
		}
		if (!line.startsWith(HolderProcess.READY)) {
			throw new IOException("the holder process (pid " + process.pid() + ") exited before listening; its output: "
					+ output(output));
		}
	}

	private static String output(StringBuilder output) {
		synchronized (output) {
			return output.length() == 0 ? "(none)" : output.toString().strip();
		}
	}

	private static String javaExecutable() {
		boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win");
		return Path.of(System.getProperty("java.home"), "bin", windows ? "java.exe" : "java").toString();
	}

	private static String classPath() throws IOException {
		CodeSource source = HolderProcess.class.getProtectionDomain().getCodeSource();
		if (source == null || source.getLocation() == null) {
			throw new IOException("cannot find where freeport's classes were loaded from (no code source for "
					+ HolderProcess.class.getName() + "), so the holder process cannot be started; use another occupation");
		}
		try {
			return Path.of(source.getLocation().toURI()).toString();
		}
		catch (URISyntaxException | RuntimeException e) {
			throw new IOException("freeport's code source " + source.getLocation() + " is not a local file or folder, so the"
					+ " holder process cannot be started; use another occupation", e);
		}
	}

	@Override
	public long pid() {
		return process.pid();
	}

	@Override
	public void close() {
		stop(process);
	}

	private static void stop(Process process) {
		boolean interrupted = Thread.interrupted();
		try {
			try {
				process.getOutputStream().close();
			}
			catch (IOException e) {
				// already closed: the process is on its way out
			}
			if (!waitFor(process)) {
				process.destroyForcibly();
				waitFor(process);
			}
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private static boolean waitFor(Process process) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(EXIT_SECONDS);
		while (true) {
			try {
				return process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
			}
			catch (InterruptedException e) {
				// stopping the holder matters more than this interrupt, which is restored afterwards
				Thread.interrupted();
			}
		}
	}
}
