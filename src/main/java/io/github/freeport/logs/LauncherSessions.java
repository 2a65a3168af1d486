package io.github.freeport.logs;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The JUnit launcher sessions open in this JVM, as {@link RunReportSessionListener} sees them: while one is
 * open, this JVM runs tests, and what {@code Ports} notices about its reservations (failures, leaks,
 * expiries) goes to the allocation log; outside, a program that merely uses {@code Ports} gets no files.
 */
final class LauncherSessions {

	/** When each open session began, the innermost last. */
	private static final Deque<Instant> STARTS = new ArrayDeque<>();

	private LauncherSessions() {
	}

	static void opened() {
		synchronized (STARTS) {
			STARTS.addLast(Instant.now());
		}
	}

	static void closed() {
		synchronized (STARTS) {
			STARTS.pollLast();
		}
	}

	/** When the innermost open session began, or {@code null} when none is open. */
	static Instant innermostStart() {
		synchronized (STARTS) {
			return STARTS.peekLast();
		}
	}
}
