package io.github.freeport.testsupport;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Waits, with a bound, for something the garbage collector and a cleaner must bring about. */
public final class GarbageCollection {

	/** How long a collection and its cleaner may take on a loaded 2-core machine. */
	public static final Duration BOUND = Duration.ofSeconds(60);

	private GarbageCollection() {
	}

	/** Asks for a collection before each check, until {@code condition} holds; fails after {@link #BOUND}. */
	public static void awaitUntil(String what, Callable<Boolean> condition) {
		await(what).atMost(BOUND).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100)).until(() -> {
			System.gc();
			return condition.call();
		});
	}
}
