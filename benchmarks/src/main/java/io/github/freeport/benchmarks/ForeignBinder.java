package io.github.freeport.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A process that does not use freeport: threads that each bind a random port of a range (wildcard address,
 * Java's defaults), keep it 0 to {@code maxHoldMillis} ms, close it and bind the next at once. A bind that
 * fails is counted and the thread goes on. Prints {@code READY}; on {@code stop} from standard input, or at
 * its deadline, prints {@code FOREIGN <binds> <failed binds>}.
 *
 * <p>Arguments: {@code from to threads maxHoldMillis deadlineSeconds}.
 */
public final class ForeignBinder {

	private ForeignBinder() {
	}

	public static void main(String[] args) throws Exception {
		int from = Integer.parseInt(args[0]);
		int to = Integer.parseInt(args[1]);
		int threads = Integer.parseInt(args[2]);
		long maxHoldNanos = TimeUnit.MILLISECONDS.toNanos(Long.parseLong(args[3]));
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(args[4]));
		AtomicLong binds = new AtomicLong();
		AtomicLong failed = new AtomicLong();
		List<Thread> binders = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			Thread binder = new Thread(() -> {
				while (System.nanoTime() < deadline && !Thread.currentThread().isInterrupted()) {
					int port = ThreadLocalRandom.current().nextInt(from, to + 1);
					try (ServerSocket socket = new ServerSocket()) {
						socket.bind(new InetSocketAddress(port), 50);
						binds.incrementAndGet();
						LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(maxHoldNanos + 1));
					}
					catch (IOException e) {
						failed.incrementAndGet();
					}
				}
			}, "binder " + t);
			binder.setDaemon(true);
			binder.start();
			binders.add(binder);
		}
		System.out.println("READY");
		System.out.flush();
		Thread stopper = new Thread(() -> {
			try {
				BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
				for (String line = in.readLine(); line != null && !line.equals("stop"); line = in.readLine()) {
					// only "stop" counts
				}
			}
			catch (IOException e) {
				// the parent is gone: stop too
			}
			binders.forEach(Thread::interrupt);
		}, "stop on request");
		stopper.setDaemon(true);
		stopper.start();
		for (Thread binder : binders) {
			binder.join();
		}
		System.out.println("FOREIGN " + binds + " " + failed);
		System.out.flush();
	}
}
