package io.github.freeport.logs;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import io.github.freeport.PortReservation;
import io.github.freeport.Ports;

/**
 * A program that uses {@code Ports} without any JUnit launcher: a request that fails and a reservation that
 * expires, then {@code DONE}. Its configuration comes from system properties.
 */
public final class OutsideSessionMain {

	private OutsideSessionMain() {
	}

	public static void main(String[] args) throws InterruptedException {
		try (PortReservation taken = Ports.request().owner("outside").reserve()) {
			try {
				Ports.request().range(taken.port(), taken.port()).exhaustionTimeout(Duration.ZERO).reserve().close();
				System.out.println("UNEXPECTED the port was handed out twice");
			}
			catch (RuntimeException expected) {
				System.out.println("FAILED " + expected.getClass().getSimpleName());
			}
		}
		CountDownLatch warned = new CountDownLatch(1);
		Logger.getLogger("io.github.freeport").addHandler(new Handler() {

			@Override
			public void publish(LogRecord record) {
				if (String.valueOf(record.getMessage()).contains(" expired after ")) {
					warned.countDown();
				}
			}

			@Override
			public void flush() {
			}

			@Override
			public void close() {
			}
		});
		PortReservation expiring = Ports.request().expireAfter(Duration.ofMillis(100)).reserve();
		boolean expired = warned.await(30, TimeUnit.SECONDS);
		System.out.println((expired && expiring.isReleased() ? "DONE " : "NOT EXPIRED ") + expiring.port());
	}
}
