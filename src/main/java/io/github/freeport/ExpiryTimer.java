package io.github.freeport;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The one thread that ends reservations at their {@link PortRequest#expireAfter(Duration) expiry}: a daemon,
 * started with the first reservation that expires (a JVM that never asks for expiry never starts it).
 * Cancelled expiries are taken off its queue at once, so reservations closed in time leave nothing behind.
 */
final class ExpiryTimer {

	private ExpiryTimer() {
	}

	/** Runs {@code expiry} after {@code delay}, unless the returned future is cancelled first. */
	static ScheduledFuture<?> schedule(Runnable expiry, Duration delay) {
		return Daemon.EXECUTOR.schedule(expiry, delay.toNanos(), TimeUnit.NANOSECONDS);
	}

	/** Holds the executor, so that loading {@link ExpiryTimer} starts nothing until something is scheduled. */
	private static final class Daemon implements ThreadFactory {

		static final ScheduledThreadPoolExecutor EXECUTOR = executor();

		private static ScheduledThreadPoolExecutor executor() {
			ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, new Daemon());
			executor.setRemoveOnCancelPolicy(true);
			executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
			return executor;
		}

		@Override
		public Thread newThread(Runnable task) {
			Thread thread = new Thread(task, "freeport-expiry");
			thread.setDaemon(true);
			thread.setContextClassLoader(null); // the first caller's class loader must not stay reachable from here
			return thread;
		}
	}
}
