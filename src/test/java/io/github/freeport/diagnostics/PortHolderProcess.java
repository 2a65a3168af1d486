package io.github.freeport.diagnostics;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.freeport.Ports;

/** A child JVM running {@link PortHolderMain}; close it in a {@code finally}. */
public final class PortHolderProcess implements AutoCloseable {

	private static final long WAIT_SECONDS = 60;

	private final Process process;
	private final BufferedReader output;

	private PortHolderProcess(Process process) {
		this.process = process;
		this.output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
	}

	/** Starts {@link PortHolderMain} in the given mode, with this JVM's registry folder. */
	public static PortHolderProcess start(String mode) throws IOException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-Dfreeport.registry.dir=" + System.getProperty("freeport.registry.dir"));
		command.add("-cp");
		command.add(location(PortHolderMain.class) + java.io.File.pathSeparator + location(Ports.class));
		command.add(PortHolderMain.class.getName());
		command.add(mode);
		return new PortHolderProcess(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
	}

	private static String location(Class<?> type) {
		try {
			return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
		}
		catch (java.net.URISyntaxException e) {
			throw new IllegalStateException(e);
		}
	}

	public long pid() {
		return process.pid();
	}

	/** Asks an {@code on-request} holder to bind a port. */
	public void bind(int port) throws IOException {
		OutputStream input = process.getOutputStream();
		input.write((port + "\n").getBytes(StandardCharsets.UTF_8));
		input.flush();
	}

	/** The next port the holder reports bound, waiting a bounded time. */
	public int awaitPort() throws Exception {
		CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
			try {
				return output.readLine();
			}
			catch (IOException e) {
				throw new UncheckedIOException(e);
			}
		});
		String read = line.get(WAIT_SECONDS, TimeUnit.SECONDS);
		if (read == null || !read.startsWith("PORT ")) {
			throw new IllegalStateException("port holder " + pid() + " printed " + read + " instead of PORT <n>"
					+ (process.isAlive() ? "" : ", exit code " + process.exitValue()));
		}
		return Integer.parseInt(read.substring(5).trim());
	}

	@Override
	public void close() {
		process.destroyForcibly();
		try {
			process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}
}
