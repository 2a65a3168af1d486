package io.github.freeport.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A child process's standard output, read line by line as it comes on a daemon thread: every line is kept,
 * and the lines not awaited yet are queued for {@link #awaitLine}.
 */
public final class OutputLines {

	private final BlockingQueue<String> unread = new LinkedBlockingQueue<>();
	private final List<String> all = new ArrayList<>();
	private final Thread reader;

	private OutputLines(Process process, String threadName) {
		this.reader = new Thread(() -> read(process), threadName);
		reader.setDaemon(true);
		reader.start();
	}

	/** Starts reading the process's standard output, on a thread of that name. */
	public static OutputLines of(Process process, String threadName) {
		return new OutputLines(process, threadName);
	}

	private void read(Process process) {
		try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = in.readLine()) != null) {
				synchronized (all) {
					all.add(line);
				}
				unread.add(line);
			}
		}
		catch (IOException e) {
			// the process is gone
		}
	}

	/**
	 * The next line starting with {@code prefix}, passing over the others, waiting at most {@code seconds} in
	 * all; empty when none came in time.
	 */
	public Optional<String> awaitLine(String prefix, long seconds) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
		while (true) {
			long left = deadline - System.nanoTime();
			String line = left > 0 ? unread.poll(left, TimeUnit.NANOSECONDS) : null;
			if (line == null) {
				return Optional.empty();
			}
			if (line.startsWith(prefix)) {
				return Optional.of(line);
			}
		}
	}

	/** Every line read so far. */
	public List<String> all() {
		synchronized (all) {
			return List.copyOf(all);
		}
	}

	/** Waits at most {@code millis} for the end of the output, once the process has exited. */
	public void awaitEnd(long millis) throws InterruptedException {
		reader.join(millis);
	}
}
