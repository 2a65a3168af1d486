package io.github.freeport;

import java.security.CodeSource;
import java.util.Objects;

/**
 * Where a reservation was made: the first frame on the stack outside freeport's own classes, as
 * {@code Class.method(File.java:line)}. Captured on the allocation path as the JVM's own record of the stack
 * (a {@link Throwable}'s, filled in by the JVM without running Java code); the frames are looked at, and the
 * text made, only when a warning asks for it.
 *
 * <p>A {@link StackWalker} would find the frame at once, but it runs its stream and frame objects in Java: in a
 * young test JVM, whose code still runs interpreted or C1-compiled, that walk cost about 100 µs per reservation
 * here, a quarter of the reservation, where filling in a throwable's stack costs about a tenth of that. Even so
 * a hot loop notices it, so each thread records the stacks of a burst of {@value #BURST} reservations, then of
 * one a millisecond: a thread that reserves fewer than 1,000 ports a second records every frame, and a hot loop
 * pays for one in dozens of reservations.
 */
final class ReservingFrame {

	/** Reservations a thread may record at once before the rate applies. */
	static final int BURST = 1000;
	private static final long INTERVAL_NANOS = 1_000_000;

	private static final Object OWN_SOURCE = codeSource(ReservingFrame.class);
	private static final ReservingFrame UNRECORDED = new ReservingFrame(null);
	private static final ThreadLocal<Budget> BUDGETS = new ThreadLocal<>();
	/** The budget of the thread that captured last: a thread reserving in a loop skips the thread-local. */
	private static volatile Budget last;

	/** The stack when the reservation was made; {@code null} when not recorded. */
	private final Throwable stack;
	private volatile String text;

	private ReservingFrame(Throwable stack) {
		this.stack = stack;
	}

	/** The stack of this thread now, to find the first caller outside freeport in, unless this thread is over its rate. */
	@SuppressWarnings("deprecation") // Thread.getId(): threadId() is Java 19
	static ReservingFrame capture() {
		long thread = Thread.currentThread().getId();
		Budget budget = last;
		if (budget == null || budget.thread != thread) { // the thread-local only when the thread changes
			budget = BUDGETS.get();
			if (budget == null) {
				budget = new Budget(thread);
				BUDGETS.set(budget);
			}
			last = budget;
		}
		if (!budget.spend(System.nanoTime())) {
			return UNRECORDED;
		}
		return new ReservingFrame(new Stack());
	}

	private static Object codeSource(Class<?> type) {
		CodeSource source = type.getProtectionDomain().getCodeSource();
		return source == null ? null : source.getLocation();
	}

	/** {@code com.example.ServerTests.starts(ServerTests.java:42)}, or {@code unknown} when no frame was found. */
	@Override
	public String toString() {
		String known = text;
		if (known == null) {
			if (stack == null) {
				known = "a frame not recorded (this thread reserved over " + BURST + " ports at a rate above 1,000 a second,"
						+ " and then records one frame a millisecond)";
			}
			else {
				StackTraceElement frame = firstOutside(stack.getStackTrace());
				known = frame == null ? "unknown" : frame.getClassName() + "." + frame.getMethodName() + "("
						+ (frame.getFileName() == null ? "Unknown Source" : frame.getFileName())
						+ (frame.getLineNumber() >= 0 ? ":" + frame.getLineNumber() : "") + ")";
			}
			text = known;
		}
		return known;
	}

	private static StackTraceElement firstOutside(StackTraceElement[] frames) {
		for (StackTraceElement frame : frames) {
			if (!isFreeports(frame.getClassName())) {
				return frame;
			}
		}
		return null;
	}

	/**
	 * Whether a class is freeport's: named in its packages and loaded from the same jar or classes folder as this
	 * one. A test class in freeport's packages (another classes folder) is a caller.
	 */
	private static boolean isFreeports(String className) {
		if (!className.startsWith("io.github.freeport.")) {
			return false;
		}
		try {
			Class<?> type = Class.forName(className, false, ReservingFrame.class.getClassLoader());
			return Objects.equals(codeSource(type), OWN_SOURCE);
		}
		catch (ClassNotFoundException | LinkageError e) {
			return false; // not one this class loader sees: not freeport's own
		}
	}

	/**
	 * One thread's allowance (the generic cell rate algorithm): a walk is due every millisecond, and up to
	 * {@value #BURST} of them may be taken ahead of time.
	 */
	static final class Budget {

		/** The id of the thread whose budget this is (an id, so that an ended thread is not kept reachable). */
		final long thread;
		private long due;
		private boolean started;

		Budget(long thread) {
			this.thread = thread;
		}

		boolean spend(long now) {
			if (!started) {
				started = true;
				due = now;
			}
			if (due - now > (BURST - 1) * INTERVAL_NANOS) {
				return false;
			}
			due = Math.max(due, now) + INTERVAL_NANOS;
			return true;
		}
	}

	/** The stack as the JVM records it; never thrown, and without suppressed exceptions or a message. */
	private static final class Stack extends Throwable {

		private static final long serialVersionUID = 1L;

		Stack() {
			super(null, null, false, true);
		}
	}
}
