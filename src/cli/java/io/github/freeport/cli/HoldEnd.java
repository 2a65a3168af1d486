package io.github.freeport.cli;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** How long {@code occupy} and {@code replay} hold: until a duration passes or standard input ends. */
final class HoldEnd {

	private HoldEnd() {
	}

	/**
	 * Waits for the end of the duration (none: no limit) or of standard input (unless ignored).
	 *
	 * @return which came: {@code end of input} or {@code time is up}
	 */
	static String await(Duration duration, boolean ignoreStdin) throws InterruptedException {
		CountDownLatch ended = new CountDownLatch(1);
		if (!ignoreStdin) {
			Thread input = new Thread(() -> {
				try {
					InputStream in = System.in;
					byte[] buffer = new byte[256];
					while (in.read(buffer) != -1) {
						// input is ignored; only its end counts
					}
				}
				catch (IOException e) {
					// a broken input ends the hold as its end does
				}
				ended.countDown();
			}, "freeport hold stdin");
			input.setDaemon(true);
			input.start();
		}
		if (duration == null) {
			ended.await();
			return "end of input";
		}
		return ended.await(duration.toNanos(), TimeUnit.NANOSECONDS) ? "end of input" : "time is up";
	}
}
