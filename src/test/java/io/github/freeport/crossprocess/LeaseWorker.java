package io.github.freeport.crossprocess;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import io.github.freeport.AllocationTrace.Refusal;
import io.github.freeport.PortReservation;
import io.github.freeport.Ports;

/**
 * The {@code main} of the child JVMs the cross-process tests start. It leases through the public API,
 * with the registry folder from {@code -Dfreeport.registry.dir}, and talks over stdin/stdout, one line
 * each way. It prints {@code READY <pid>}, then answers each command:
 *
 * <ul>
 * <li>{@code LEASE <from> <to> <count>}: leases {@code count} ports of the range and keeps them;
 * answers {@code LEASED <port> ...};</li>
 * <li>{@code TRY <port>}: leases exactly that port without waiting and keeps it; answers
 * {@code LEASED <port>} or {@code REFUSED <message>};</li>
 * <li>{@code RELEASE <port>}: releases a kept port; answers {@code RELEASED <port>};</li>
 * <li>{@code CHURN <from> <to> <iterations> <held> <marker folder>}: leases and releases over and over,
 * at most {@code held} ports at a time plus the one being leased. While it holds port {@code p} it keeps a
 * marker file {@code held-<p>} (created with {@code CREATE_NEW}) and a listening socket on {@code p}; a
 * marker that exists already or a bind that fails is reported at once as {@code DUPLICATE <port>} or
 * {@code BIND_FAILED <port> <message>}. Answers {@code CHURNED <iterations> <refusals by other processes>};</li>
 * <li>{@code CHAOS <from> <to> <held> <marker folder>}: like {@code CHURN}, but without end (the test kills
 * the worker), holds proven by {@link ProvenHold} so that markers of killed workers are taken over; prints
 * {@code CHURNING <iterations so far>} after the first lease and every 20 leases;</li>
 * <li>{@code PACE <from> <to> <iterations> <quarantine ms> <marker folder>}: leases one port at a time with that
 * quarantine and no exhaustion wait, holds it as {@code CHURN} does, releases it, again; a lease that would
 * have waited fails. Answers {@code PACED <iterations> <ports this JVM released before>};</li>
 * <li>{@code THREADS <threads> <leases per thread> <from> <to> <marker folder>}: that many threads each
 * lease, prove ({@link ProvenHold}) and release a port that many times; answers {@code THREADED <leases>};</li>
 * <li>{@code EXIT}: exits.</li>
 * </ul>
 *
 * Any failure is answered {@code ERROR <message>} on one line.
 */
public final class LeaseWorker {

	private final Map<Integer, PortReservation> kept = new LinkedHashMap<>();

	private LeaseWorker() {
	}

	public static void main(String[] args) throws IOException {
		LeaseWorker worker = new LeaseWorker();
		BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
		answer("READY " + ProcessHandle.current().pid());
		String line;
		while ((line = in.readLine()) != null) {
			String[] words = line.trim().split("\\s+");
			if (words[0].equals("EXIT")) {
				break;
			}
			try {
				answer(worker.run(words));
			}
			catch (Exception | AssertionError e) {
				answer("ERROR " + oneLine(e.toString()));
			}
		}
		worker.kept.values().forEach(PortReservation::close);
	}

	private String run(String[] words) throws Exception {
		switch (words[0]) {
			case "LEASE":
				return lease(Integer.parseInt(words[1]), Integer.parseInt(words[2]), Integer.parseInt(words[3]));
			case "TRY":
				return tryPort(Integer.parseInt(words[1]));
			case "RELEASE":
				int port = Integer.parseInt(words[1]);
				PortReservation reservation = kept.remove(port);
				if (reservation == null) {
					throw new IllegalArgumentException("port " + port + " is not held by this worker, which holds " + kept.keySet());
				}
				reservation.close();
				return "RELEASED " + port;
			case "CHURN":
				return churn(Integer.parseInt(words[1]), Integer.parseInt(words[2]), Integer.parseInt(words[3]),
					Integer.parseInt(words[4]), Path.of(words[5]));
			case "CHAOS":
				return chaos(Integer.parseInt(words[1]), Integer.parseInt(words[2]), Integer.parseInt(words[3]), Path.of(words[4]));
			case "PACE":
				return pace(Integer.parseInt(words[1]), Integer.parseInt(words[2]), Integer.parseInt(words[3]),
					Duration.ofMillis(Long.parseLong(words[4])), Path.of(words[5]));
			case "THREADS":
				return threads(Integer.parseInt(words[1]), Integer.parseInt(words[2]), Integer.parseInt(words[3]),
					Integer.parseInt(words[4]), Path.of(words[5]));
			default:
				throw new IllegalArgumentException("unknown command '" + String.join(" ", words)
						+ "': expected LEASE, TRY, RELEASE, CHURN, CHAOS, PACE, THREADS or EXIT");
		}
	}

	private String lease(int from, int to, int count) {
		StringBuilder answer = new StringBuilder("LEASED");
		for (int i = 0; i < count; i++) {
			PortReservation reservation = Ports.request().range(from, to).quarantine(Duration.ZERO)
				.exhaustionTimeout(Duration.ofSeconds(10)).owner("lease worker").reserve();
			kept.put(reservation.port(), reservation);
			answer.append(' ').append(reservation.port());
		}
		return answer.toString();
	}

	private String tryPort(int port) {
		try {
			PortReservation reservation = Ports.request().range(port, port).preferred(port).quarantine(Duration.ZERO)
				.exhaustionTimeout(Duration.ZERO).owner("lease worker").reserve();
			kept.put(reservation.port(), reservation);
			return "LEASED " + reservation.port();
		}
		catch (RuntimeException e) {
			return "REFUSED " + oneLine(e.getMessage());
		}
	}

	private String churn(int from, int to, int iterations, int held, Path markers) throws IOException {
		Deque<Held> holding = new ArrayDeque<>();
		long refusedByOthers = 0;
		try {
			for (int i = 0; i < iterations; i++) {
				PortReservation reservation = Ports.request().range(from, to).quarantine(Duration.ZERO)
					.exhaustionTimeout(Duration.ofSeconds(20)).owner("churn worker").reserve();
				refusedByOthers += reservation.trace().attempts().stream()
					.filter(a -> a.refusal() == Refusal.LEASED_BY_OTHER_PROCESS).count();
				holding.addLast(hold(reservation, markers));
				if (holding.size() > held) {
					holding.removeFirst().close();
				}
			}
		}
		finally {
			while (!holding.isEmpty()) {
				holding.removeFirst().close();
			}
		}
		return "CHURNED " + iterations + " " + refusedByOthers;
	}

	private String pace(int from, int to, int iterations, Duration quarantine, Path markers) throws IOException {
		java.util.Set<Integer> released = new java.util.HashSet<>();
		int reused = 0;
		for (int i = 0; i < iterations; i++) {
			PortReservation reservation = Ports.request().range(from, to).quarantine(quarantine).exhaustionTimeout(Duration.ZERO)
				.owner("pace worker").reserve();
			reused += released.contains(reservation.port()) ? 1 : 0;
			hold(reservation, markers).close();
			released.add(reservation.port());
		}
		return "PACED " + iterations + " " + reused;
	}

	private String chaos(int from, int to, int held, Path markers) throws IOException {
		Deque<ProvenHold> holding = new ArrayDeque<>();
		for (int i = 1; i <= 1_000_000; i++) {
			PortReservation reservation = Ports.request().range(from, to).quarantine(Duration.ZERO)
				.exhaustionTimeout(Duration.ofSeconds(20)).owner("chaos worker").reserve();
			holding.addLast(ProvenHold.of(reservation, markers, LeaseWorker::answer));
			if (holding.size() > held) {
				holding.removeFirst().close();
			}
			if (i % 20 == 1) {
				answer("CHURNING " + i);
			}
		}
		return "ERROR chaos ran a million leases without being killed";
	}

	private String threads(int threads, int leases, int from, int to, Path markers) throws Exception {
		java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
		java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
		java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
		java.util.List<java.util.concurrent.Future<?>> futures = new java.util.ArrayList<>();
		try {
			for (int t = 0; t < threads; t++) {
				futures.add(pool.submit(() -> {
					start.await();
					for (int i = 0; i < leases; i++) {
						PortReservation reservation = Ports.request().range(from, to).quarantine(Duration.ZERO)
							.exhaustionTimeout(Duration.ofSeconds(20)).owner("thread worker").reserve();
						ProvenHold.of(reservation, markers, LeaseWorker::answer).close();
						done.incrementAndGet();
					}
					return null;
				}));
			}
			start.countDown();
			for (java.util.concurrent.Future<?> future : futures) {
				future.get(60, java.util.concurrent.TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}
		return "THREADED " + done.get();
	}

	private static Held hold(PortReservation reservation, Path markers) throws IOException {
		int port = reservation.port();
		Path marker = markers.resolve("held-" + port);
		boolean markerOwned = false;
		try {
			Files.createFile(marker);
			markerOwned = true;
		}
		catch (FileAlreadyExistsException e) {
			answer("DUPLICATE " + port);
		}
		ServerSocketChannel socket = ServerSocketChannel.open();
		try {
			socket.setOption(StandardSocketOptions.SO_REUSEADDR, false);
			socket.bind(new InetSocketAddress(port));
		}
		catch (IOException e) {
			socket.close();
			socket = null;
			answer("BIND_FAILED " + port + " " + oneLine(e.toString()));
		}
		return new Held(reservation, markerOwned ? marker : null, socket);
	}

	/** A churned port: released in the reverse order of taking, so the lease goes last. */
	private record Held(PortReservation reservation, Path marker, ServerSocketChannel socket) {

		void close() throws IOException {
			if (socket != null) {
				socket.close();
			}
			if (marker != null) {
				Files.delete(marker);
			}
			reservation.close();
		}
	}

	static synchronized void answer(String line) {
		System.out.println(line);
		System.out.flush();
	}

	private static String oneLine(String text) {
		return String.valueOf(text).lines().map(String::strip).collect(Collectors.joining(" | "));
	}
}
