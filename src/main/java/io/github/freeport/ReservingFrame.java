package io.github.freeport;

import java.lang.StackWalker.StackFrame;
import java.security.CodeSource;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Where a reservation was made: the first frame on the stack outside freeport's own classes, as
 * {@code Class.method(File.java:line)}. Captured on the allocation path, so the walk stops at that frame
 * and keeps the frame as it is; the text is made only when a warning asks for it.
 *
 * <p>A stack walk costs 1.5 to 3 µs next to the file locks and socket calls of a reservation (measured on
 * Java 17: about a tenth of a reservation made and closed in a loop). A test suite never notices it; a
 * loop does. So each thread records the frames of a burst of {@value #BURST} reservations, then of one a
 * millisecond: a thread that reserves fewer than 1,000 ports a second records every frame, and a hot loop
 * pays for one walk in dozens of reservations.
 */
final class ReservingFrame {

	/** Reservations a thread may record at once before the rate applies. */
	static final int BURST = 1000;
	private static final long INTERVAL_NANOS = 1_000_000;

	private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
	private static final Function<Stream<StackFrame>, Optional<StackFrame>> FIRST_OUTSIDE = new FirstOutside();
	private static final Object OWN_SOURCE = codeSource(ReservingFrame.class);
	/** Whether a class is freeport's: loaded from the same jar or classes folder as this one. */
	private static final ClassValue<Boolean> FREEPORT = new ClassValue<>() {

		@Override
		protected Boolean computeValue(Class<?> type) {
			return type.getName().startsWith("io.github.freeport.") && Objects.equals(codeSource(type), OWN_SOURCE);
		}
	};
	private static final ReservingFrame UNKNOWN = new ReservingFrame(null);
	private static final ReservingFrame UNRECORDED = new ReservingFrame(null);
	private static final ThreadLocal<Budget> BUDGETS = ThreadLocal.withInitial(Budget::new);

	private final StackFrame frame;
	private volatile String text;

	private ReservingFrame(StackFrame frame) {
		this.frame = frame;
	}

	/** The first caller outside freeport on this thread's stack, unless this thread is over its rate. */
	static ReservingFrame capture() {
		if (!BUDGETS.get().spend(System.nanoTime())) {
			return UNRECORDED;
		}
		return WALKER.walk(FIRST_OUTSIDE).map(ReservingFrame::new).orElse(UNKNOWN);
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
			known = this == UNRECORDED ? "a frame not recorded (this thread reserved over " + BURST + " ports at a rate"
					+ " above 1,000 a second, and then records one frame a millisecond)"
				: frame == null ? "unknown"
					: frame.getClassName() + "." + frame.getMethodName() + "("
						+ (frame.getFileName() == null ? "Unknown Source" : frame.getFileName())
						+ (frame.getLineNumber() >= 0 ? ":" + frame.getLineNumber() : "") + ")";
			text = known;
		}
		return known;
	}

	/**
	 * One thread's allowance (the generic cell rate algorithm): a walk is due every millisecond, and up to
	 * {@value #BURST} of them may be taken ahead of time.
	 */
	static final class Budget {

		private long due;
		private boolean started;

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

	/** The walk: frames of freeport's classes skipped, the first other one kept. A class, not a lambda per call. */
	private static final class FirstOutside implements Function<Stream<StackFrame>, Optional<StackFrame>> {

		@Override
		public Optional<StackFrame> apply(Stream<StackFrame> frames) {
			return frames.filter(frame -> !FREEPORT.get(frame.getDeclaringClass())).findFirst();
		}
	}
}
