package io.github.freeport.benchmarks;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.github.freeport.PortReservation;
import io.github.freeport.Ports;

/**
 * One JVM of the young-JVM benchmark, paced as a test suite is: takes a port, binds a server socket on it
 * (wildcard address, Java's defaults), keeps it {@code holdMillis}, closes it, lets the port go, waits 0 to
 * {@code maxGapMillis} (uniform), and again, {@code allocations} times, on one thread. A bind that fails with
 * {@link BindException} is a collision. Prints {@code READY} after one untimed allocation (the classes loaded:
 * the first port of a JVM is the cold-start part's), starts on {@code GO}, then prints
 * {@code TIMES <µs> <µs> ...} (the time each allocation took) and
 * {@code DONE <allocations> <collisions> <failures> <waited> <first problem>}.
 *
 * <p>Arguments: {@code method from to allocations holdMillis maxGapMillis}; methods are {@code freeport}
 * ({@code Ports.request().range(from, to).reserve()}, otherwise defaults) and {@code random} (a random port
 * in from-to that passes a bind check, as Spring's {@code TestSocketUtils} does).
 */
public final class PacedWorker {

	private PacedWorker() {
	}

	public static void main(String[] args) throws Exception {
		String method = args[0];
		int from = Integer.parseInt(args[1]);
		int to = Integer.parseInt(args[2]);
		int allocations = Integer.parseInt(args[3]);
		long holdNanos = TimeUnit.MILLISECONDS.toNanos(Long.parseLong(args[4]));
		long maxGapNanos = TimeUnit.MILLISECONDS.toNanos(Long.parseLong(args[5]));
		if (!method.equals("freeport") && !method.equals("random")) {
			throw new IllegalArgumentException("Unknown method '" + method + "': expected freeport or random");
		}
		take(method, from, to).close();
		System.out.println("READY");
		System.out.flush();
		BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
		if (!"GO".equals(in.readLine())) {
			return;
		}
		StringBuilder times = new StringBuilder("TIMES");
		long collisions = 0;
		long failures = 0;
		long waited = 0;
		String firstProblem = "-";
		for (int i = 0; i < allocations; i++) {
			long started = System.nanoTime();
			Taken taken;
			try {
				taken = take(method, from, to);
			}
			catch (RuntimeException e) {
				failures++;
				firstProblem = firstProblem.equals("-") ? "allocation failed: " + e : firstProblem;
				continue;
			}
			times.append(' ').append((System.nanoTime() - started) / 1000);
			waited += taken.waited() ? 1 : 0;
			try (ServerSocket server = new ServerSocket()) {
				server.bind(new InetSocketAddress(taken.port()), 50);
				LockSupport.parkNanos(holdNanos);
			}
			catch (BindException e) {
				collisions++;
				firstProblem = firstProblem.equals("-") ? "port " + taken.port() + ": " + e.getMessage() : firstProblem;
			}
			finally {
				taken.close();
			}
			LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(maxGapNanos + 1));
		}
		System.out.println(times);
		System.out.println("DONE " + (allocations - failures) + " " + collisions + " " + failures + " " + waited + " "
				+ firstProblem.replace('\n', ' '));
		System.out.flush();
	}

	/** A port, the freeport reservation to close after use (if any), and whether taking it waited for a release. */
	private record Taken(int port, PortReservation reservation, boolean waited) implements AutoCloseable {

		@Override
		public void close() {
			if (reservation != null) {
				reservation.close();
			}
		}
	}

	private static Taken take(String method, int from, int to) {
		if (method.equals("freeport")) {
			PortReservation reservation = Ports.request().range(from, to).reserve();
			return new Taken(reservation.port(), reservation, !reservation.trace().waited().isZero());
		}
		for (int attempt = 0; attempt < 100_000; attempt++) {
			int candidate = ThreadLocalRandom.current().nextInt(from, to + 1);
			if (Idioms.isPortAvailable(candidate)) {
				return new Taken(candidate, null, false);
			}
		}
		throw new IllegalStateException("no bindable port in " + from + "-" + to + " after 100000 attempts");
	}
}
