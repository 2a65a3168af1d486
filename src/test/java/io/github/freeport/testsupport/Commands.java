package io.github.freeport.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Runs an operating system command with a bounded wait, for tests that damage folders or mount file systems. */
public final class Commands {

	/** Whether this JVM runs as root, which ignores permissions and may mount file systems. */
	public static final boolean ROOT = "root".equals(System.getProperty("user.name"));

	private Commands() {
	}

	/** Whether the command ran and exited 0 within 20 s; a missing command counts as failed. */
	public static boolean run(String... command) {
		return output(command) != null;
	}

	/** The command's output (stdout and stderr), or {@code null} when it is missing, failed or took over 20 s. */
	public static String output(String... command) {
		Process process;
		try {
			process = new ProcessBuilder(command).redirectErrorStream(true).start();
		}
		catch (IOException e) {
			return null; // no such command
		}
		try {
			// the outputs of these commands are small enough for the pipe buffer, so waiting first cannot block
			boolean done = process.waitFor(20, TimeUnit.SECONDS);
			if (!done || process.exitValue() != 0) {
				return null;
			}
			return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException e) {
			return null;
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return null;
		}
		finally {
			process.destroyForcibly();
		}
	}
}
