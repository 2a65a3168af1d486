package com.example.fallback;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * The code under test: a server with two fallback policies for a port that is taken, either "try the next
 * candidate" or "retry the same port with backoff". It listens on all interfaces.
 */
public final class FallbackServer implements AutoCloseable {

	/** The port it would take in production. */
	public static final int DEFAULT_PORT = 18080;

	private final ServerSocket socket;
	private final List<Integer> skipped;
	private final int attempts;

	private FallbackServer(ServerSocket socket, List<Integer> skipped, int attempts) {
		this.socket = socket;
		this.skipped = List.copyOf(skipped);
		this.attempts = attempts;
	}

	/** Binds the first candidate that is free; fails with the last bind error when none is. */
	public static FallbackServer startOnFirstFree(List<Integer> candidates) throws IOException {
		List<Integer> skipped = new ArrayList<>();
		BindException last = null;
		for (int port : candidates) {
			try {
				return new FallbackServer(bind(port), skipped, skipped.size() + 1);
			}
			catch (BindException e) {
				skipped.add(port);
				last = e;
			}
		}
		throw new BindException("none of the ports " + candidates + " is free; last error: " + last.getMessage());
	}

	/**
	 * Binds {@code port}, retrying up to {@code attempts} times in all, waiting {@code backoff}, then twice as
	 * long, and so on; {@code beforeRetry} is told each failed attempt's number.
	 */
	public static FallbackServer startWithRetry(int port, int attempts, Duration backoff, IntConsumer beforeRetry)
			throws IOException, InterruptedException {
		Duration wait = backoff;
		for (int attempt = 1; ; attempt++) {
			try {
				return new FallbackServer(bind(port), List.of(), attempt);
			}
			catch (BindException e) {
				if (attempt == attempts) {
					throw new BindException("port " + port + " still taken after " + attempts + " attempts: " + e.getMessage());
				}
				beforeRetry.accept(attempt);
				Thread.sleep(wait.toMillis());
				wait = wait.multipliedBy(2);
			}
		}
	}

	private static ServerSocket bind(int port) throws IOException {
		ServerSocket socket = new ServerSocket();
		try {
			socket.bind(new InetSocketAddress(port));
			return socket;
		}
		catch (IOException e) {
			socket.close();
			throw e;
		}
	}

	public int port() {
		return socket.getLocalPort();
	}

	/** The candidates that were taken, in the order tried. */
	public List<Integer> skipped() {
		return skipped;
	}

	/** How many binds it took. */
	public int attempts() {
		return attempts;
	}

	@Override
	public void close() throws IOException {
		socket.close();
	}
}
