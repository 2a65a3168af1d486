package io.github.freeport.allocation;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.freeport.AllocationTrace;
import io.github.freeport.AllocationTrace.Attempt;
import io.github.freeport.AllocationTrace.Refusal;
import io.github.freeport.Protocol;

/**
 * Names the processes that hold candidates refused because their bind probe failed. A lookup can take
 * tens or hundreds of milliseconds (a walk over every process's descriptors), so it never runs on the
 * allocating thread's fast path: an allocation that succeeded hands its traces over and returns at once,
 * the traces learn the holders when the lookup is done; an exhausted range, which has waited already,
 * waits a bounded while more for the names it puts in its message. Lookups run on one daemon thread,
 * started with the first; answers are kept for a moment, since an exhausted range asks again and again.
 */
final class RefusedPortHolders {

	/** How long an exhausted range waits for the names of the holders. */
	static final Duration EXHAUSTION_BUDGET = Duration.ofSeconds(1);
	private static final long KEPT_NANOS = TimeUnit.SECONDS.toNanos(2);

	private final HolderLookup lookup;
	private final Map<Key, Answer> answers = new HashMap<>();

	RefusedPortHolders(HolderLookup lookup) {
		this.lookup = lookup;
	}

	private record Key(int port, Protocol protocol) {
	}

	private record Answer(String holder, long at) {
	}

	/** Looks the holders up in the background and names them in the traces when known. */
	void nameLater(Set<Integer> ports, Protocol protocol, List<AllocationTrace> traces) {
		if (lookup == HolderLookup.NONE || ports.isEmpty()) {
			return;
		}
		Daemon.EXECUTOR.execute(() -> {
			Map<Integer, String> holders = lookUp(ports, protocol);
			traces.forEach(trace -> trace.nameHolders(holders));
		});
	}

	/**
	 * The holders of the ports, waiting at most {@code budget}; ports not answered by then are absent (the
	 * lookup goes on, and its answer is kept for the next ask).
	 */
	Map<Integer, String> nameNow(Set<Integer> ports, Protocol protocol, Duration budget) {
		if (lookup == HolderLookup.NONE || ports.isEmpty()) {
			return Map.of();
		}
		Map<Integer, String> known = known(ports, protocol);
		if (known.size() == ports.size()) {
			return known;
		}
		CompletableFuture<Map<Integer, String>> answer = CompletableFuture.supplyAsync(() -> lookUp(ports, protocol),
			Daemon.EXECUTOR);
		try {
			return answer.get(budget.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException | ExecutionException e) {
			return known;
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return known;
		}
	}

	private Map<Integer, String> lookUp(Set<Integer> ports, Protocol protocol) {
		Map<Integer, String> holders = known(ports, protocol);
		Set<Integer> asked = new LinkedHashSet<>(ports);
		asked.removeAll(holders.keySet());
		if (!asked.isEmpty()) {
			Map<Integer, String> found;
			try {
				found = lookup.holders(asked, protocol);
			}
			catch (RuntimeException e) {
				found = Map.of();
			}
			long now = System.nanoTime();
			synchronized (answers) {
				if (answers.size() > 4096) {
					answers.clear();
				}
				found.forEach((port, holder) -> answers.put(new Key(port, protocol), new Answer(holder, now)));
			}
			holders.putAll(found);
		}
		return holders;
	}

	private Map<Integer, String> known(Set<Integer> ports, Protocol protocol) {
		Map<Integer, String> known = new LinkedHashMap<>();
		long now = System.nanoTime();
		synchronized (answers) {
			for (int port : ports) {
				Answer answer = answers.get(new Key(port, protocol));
				if (answer != null && now - answer.at() < KEPT_NANOS) {
					known.put(port, answer.holder());
				}
			}
		}
		return known;
	}

	/** The ports of the attempts refused because their bind probe failed. */
	static Set<Integer> bindFailed(Iterable<Attempt> attempts) {
		Set<Integer> ports = new LinkedHashSet<>();
		for (Attempt attempt : attempts) {
			if (attempt.refusal() == Refusal.BIND_FAILED) {
				ports.add(attempt.port());
			}
		}
		return ports;
	}

	/** Holds the lookup thread, started with the first lookup. */
	private static final class Daemon implements ThreadFactory {

		static final ExecutorService EXECUTOR = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
			new LinkedBlockingQueue<>(), new Daemon());

		@Override
		public Thread newThread(Runnable task) {
			Thread thread = new Thread(task, "freeport-holder-lookup");
			thread.setDaemon(true);
			thread.setContextClassLoader(null);
			return thread;
		}
	}
}
