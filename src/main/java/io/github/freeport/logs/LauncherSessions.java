package io.github.freeport.logs;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

import org.apiguardian.api.API;

/**
 * The JUnit launcher sessions open in this JVM, as the JUnit glue's session listener tells them: while one is
 * open, this JVM runs tests, and what {@code Ports} notices about its reservations (failures, leaks,
 * expiries) goes to the allocation log; outside, a program that merely uses {@code Ports} gets no files.
 */
@API(status = INTERNAL, since = "0.1")
public final class LauncherSessions {

	/** When each open session began, the innermost last. */
	private static final Deque<Instant> STARTS = new ArrayDeque<>();
	/** How many are open: read on the allocation path, so without a lock. */
	private static volatile int open;

	private LauncherSessions() {
	}

	/** A launcher session opened in this JVM. */
	public static void opened() {
		synchronized (STARTS) {
			STARTS.addLast(Instant.now());
			open = STARTS.size();
		}
	}

	/** The innermost open launcher session closed. */
	public static void closed() {
		synchronized (STARTS) {
			STARTS.pollLast();
			open = STARTS.size();
		}
	}

	/** Whether a launcher session is open in this JVM. */
	static boolean anyOpen() {
		return open > 0;
	}

	/** When the innermost open session began, or {@code null} when none is open. */
	static Instant innermostStart() {
		synchronized (STARTS) {
			return STARTS.peekLast();
		}
	}
}
