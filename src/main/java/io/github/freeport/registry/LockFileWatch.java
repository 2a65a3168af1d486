package io.github.freeport.registry;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Keeps the check of the lock files' identity ({@link LockFiles#check()}) off the lease path while this JVM
 * takes leases: a daemon thread, started when a lease attempt first finds a check due, that makes each check
 * a little before it comes due, so that lease attempts find the last one recent. It stops after a second
 * without lease attempts; the next attempt then finds a check due, makes it itself, and starts the thread
 * again. A JVM that leases once (most test JVMs take a port or two at the start) never starts it.
 *
 * <p>The check reads the identity of every open lock file, one {@code stat} each: in a young JVM, whose code
 * still runs interpreted, that is tens of microseconds, paid by every lease attempt that found a check due
 * (at a test suite's pace, about every third one). Checked here, the check keeps its interval, and a lease
 * attempt still checks by itself whenever this thread falls behind.
 */
final class LockFileWatch implements Runnable {

	/** How long the watch goes on after the last lease attempt. */
	static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(1);
	/** How long before a check comes due the watch makes it. */
	private static final long AHEAD_NANOS = LockFiles.CHECK_INTERVAL_NANOS / 4;

	private final LockFiles files;
	/** Whether the thread runs, or is being started. */
	private boolean running;

	LockFileWatch(LockFiles files) {
		this.files = files;
	}

	/** Starts the thread unless it runs; where no thread can be started, lease attempts go on checking by themselves. */
	void ensureRunning() {
		synchronized (this) {
			if (running) {
				return;
			}
			running = true;
		}
		Thread thread = new Thread(this, "freeport-lock-files");
		thread.setDaemon(true);
		thread.setContextClassLoader(null); // the first caller's class loader must not stay reachable from here
		try {
			thread.start();
		}
		catch (OutOfMemoryError e) { // no native thread to be had: lease attempts check, as they did before
			synchronized (this) {
				running = false;
			}
		}
	}

	@Override
	public void run() {
		while (true) {
			long now = System.nanoTime();
			synchronized (this) {
				if (now - files.lastLeaseAttempt() > IDLE_NANOS) {
					running = false;
					return;
				}
			}
			long sleep = files.nextCheck() - AHEAD_NANOS - now;
			if (sleep > 0) {
				LockSupport.parkNanos(this, sleep);
				continue;
			}
			try {
				files.check();
			}
			catch (RuntimeException e) {
				// the folder cannot be used any more: lease attempts check by themselves and fail, saying why
				LockSupport.parkNanos(this, LockFiles.CHECK_INTERVAL_NANOS);
			}
		}
	}
}
