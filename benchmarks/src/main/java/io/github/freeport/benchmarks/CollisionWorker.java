package io.github.freeport.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;


import org.springframework.test.util.TestSocketUtils;

import io.github.freeport.PortReservation;
import io.github.freeport.Ports;

/**
 * One JVM of the collision benchmark: threads that each take a port by one method, wait 0-2 ms, bind a
 * server socket on it (wildcard address, Java's defaults), keep it 0-2 ms and close it. A bind that fails
 * with {@link BindException} is a collision. Prints {@code READY}, starts on {@code GO} from standard
 * input, prints {@code DONE <allocations> <collisions> <failures> <millis> <µs taking ports> <first problem>}.
 *
 * <p>Arguments: {@code method from to perThread threads deadlineSeconds}; methods are {@code freeport}
 * ({@code Ports.request().reserve()}), {@code freeport-range} ({@code range(from, to)}, no quarantine),
 * {@code freeport-int} ({@code range(from, to)}, otherwise defaults), {@code freeport-hold} (the same with
 * {@code hold()}, handed off just before the bind),
 * {@code server-socket-0}, {@code random} (random port in from-to + bind check) and {@code spring}.
 */
public final class CollisionWorker {

	private CollisionWorker() {
	}

	/**
	 * A port taken by one method, what must happen just before the bind (a held reservation's hand-off), and
	 * whatever must be let go after it (a freeport lease).
	 */
	private record Taken(int port, Runnable beforeBind, AutoCloseable after) {

		Taken(int port, AutoCloseable after) {
			this(port, () -> { }, after);
		}
	}

	public static void main(String[] args) throws Exception {
		String method = args[0];
		int from = Integer.parseInt(args[1]);
		int to = Integer.parseInt(args[2]);
		int perThread = Integer.parseInt(args[3]);
		int threads = Integer.parseInt(args[4]);
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(args[5]));
		take(method, from, to).after().close(); // load the classes before the start line
		System.out.println("READY");
		System.out.flush();
		BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
		if (!"GO".equals(in.readLine())) {
			return;
		}
		AtomicLong allocations = new AtomicLong();
		AtomicLong collisions = new AtomicLong();
		AtomicLong failures = new AtomicLong();
		AtomicLong takingNanos = new AtomicLong();
		AtomicReference<String> firstProblem = new AtomicReference<>("-");
		long start = System.nanoTime();
		List<Thread> workers = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			Thread worker = new Thread(() -> {
				for (int i = 0; i < perThread && System.nanoTime() < deadline; i++) {
					Taken taken;
					long started = System.nanoTime();
					try {
						taken = take(method, from, to);
						takingNanos.addAndGet(System.nanoTime() - started);
					}
					catch (RuntimeException e) {
						failures.incrementAndGet();
						firstProblem.compareAndSet("-", "allocation failed: " + e);
						continue;
					}
					allocations.incrementAndGet();
					try (AutoCloseable after = taken.after()) {
						gap();
						try (ServerSocket server = new ServerSocket()) {
							taken.beforeBind().run();
							server.bind(new InetSocketAddress(taken.port()), 50);
							gap();
						}
						catch (BindException e) {
							collisions.incrementAndGet();
							firstProblem.compareAndSet("-", "port " + taken.port() + ": " + e.getMessage());
						}
					}
					catch (Exception e) {
						failures.incrementAndGet();
						firstProblem.compareAndSet("-", "port " + taken.port() + ": " + e);
					}
				}
			}, "worker " + t);
			worker.start();
			workers.add(worker);
		}
		for (Thread worker : workers) {
			worker.join();
		}
		long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
		System.out.println("DONE " + allocations + " " + collisions + " " + failures + " " + millis + " "
				+ takingNanos.get() / 1000 + " " + firstProblem.get().replace('\n', ' '));
		System.out.flush();
	}

	/** 0-2 ms, uniformly. */
	private static void gap() {
		LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(2_000_001));
	}

	private static Taken take(String method, int from, int to) {
		switch (method) {
			case "freeport": {
				PortReservation reservation = Ports.request().reserve();
				return new Taken(reservation.port(), reservation);
			}
			case "freeport-range": {
				PortReservation reservation = Ports.request().range(from, to).quarantine(Duration.ZERO)
					.exhaustionTimeout(Duration.ofSeconds(10)).reserve();
				return new Taken(reservation.port(), reservation);
			}
			case "freeport-int": {
				PortReservation reservation = Ports.request().range(from, to).reserve();
				return new Taken(reservation.port(), reservation);
			}
			case "freeport-hold": {
				PortReservation reservation = Ports.request().range(from, to).hold().reserve();
				return new Taken(reservation.port(), reservation::handOff, reservation);
			}
			case "server-socket-0":
				try (ServerSocket socket = new ServerSocket(0)) {
					return new Taken(socket.getLocalPort(), () -> { });
				}
				catch (IOException e) {
					throw new IllegalStateException(e);
				}
			case "random":
				for (int attempt = 0; attempt < 100_000; attempt++) {
					int candidate = ThreadLocalRandom.current().nextInt(from, to + 1);
					if (Idioms.isPortAvailable(candidate)) {
						return new Taken(candidate, () -> { });
					}
				}
				throw new IllegalStateException("no bindable port in " + from + "-" + to + " after 100000 attempts");
			case "spring":
				return new Taken(TestSocketUtils.findAvailableTcpPort(), () -> { });
			default:
				throw new IllegalArgumentException("Unknown method '" + method
						+ "': expected freeport, freeport-range,"
						+ " freeport-int, freeport-hold, server-socket-0, random or spring");
		}
	}
}
