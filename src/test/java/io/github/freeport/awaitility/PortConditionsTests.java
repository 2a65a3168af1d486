package io.github.freeport.awaitility;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.freeport.PortReservation;
import io.github.freeport.Ports;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PortConditionsTests {

	private static final Duration AT_MOST = Duration.ofSeconds(20);

	private final ExecutorService background = Executors.newSingleThreadExecutor();

	@AfterEach
	void stopBackground() throws InterruptedException {
		background.shutdownNow();
		assertThat(background.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
	}

	@SuppressWarnings("try") // the socket is held open for its side effect
	@Test
	void awaitsAServerStartedInTheBackgroundThenItsShutdown() throws Exception {
		try (PortReservation reservation = Ports.reserve()) {
			CountDownLatch stop = new CountDownLatch(1);
			assertThat(PortConditions.listening(reservation).call()).isFalse();
			Future<?> server = background.submit(() -> {
				try (ServerSocket socket = new ServerSocket(reservation.port(), 50, InetAddress.getLoopbackAddress())) {
					stop.await(AT_MOST.toSeconds(), TimeUnit.SECONDS);
				}
				return null;
			});

			await().atMost(AT_MOST).until(PortConditions.listening(reservation));
			await().atMost(AT_MOST).untilAsserted(PortExpectations.listening(reservation));
			assertThat(PortConditions.free(reservation.port()).call()).isFalse();

			stop.countDown();
			await().atMost(AT_MOST).until(PortConditions.free(reservation.port()));
			await().atMost(AT_MOST).untilAsserted(PortExpectations.free(reservation.port()));
			server.get(AT_MOST.toSeconds(), TimeUnit.SECONDS);
		}
	}

	@Test
	void awaitsAReleaseByAnotherThread() {
		PortReservation reservation = Ports.reserve();
		assertThatThrownBy(() -> PortExpectations.released(reservation).run())
			.isInstanceOf(AssertionError.class)
			.hasMessage("Expected " + reservation + " to be released but it still holds its lease");
		background.submit(reservation::close);
		await().atMost(AT_MOST).until(PortConditions.released(reservation));
		await().atMost(AT_MOST).untilAsserted(PortExpectations.released(reservation));
	}

	@SuppressWarnings("try") // the socket is held open for its side effect
	@Test
	void expectationFailureSaysWhatWasFound() throws IOException {
		try (PortReservation reservation = Ports.reserve()) {
			assertThatThrownBy(() -> PortExpectations.listening(reservation.port()).run())
				.isInstanceOf(AssertionError.class)
				.hasMessageStartingWith("Expected TCP port " + reservation.port() + " to be listening")
				.hasMessageContaining("127.0.0.1:" + reservation.port() + ": Connection refused");
			try (ServerSocket squatter = new ServerSocket(reservation.port())) {
				assertThatThrownBy(() -> await().atMost(Duration.ofMillis(300)).untilAsserted(PortExpectations.free(reservation.port())))
					.isInstanceOf(ConditionTimeoutException.class)
					.hasMessageContaining("Expected TCP port " + reservation.port() + " to be free")
					.hasMessageContaining("Address already in use");
			}
		}
	}

	@Test
	void invalidPortsAreRejectedWhenTheConditionIsMade() {
		assertThatIllegalArgumentException().isThrownBy(() -> PortConditions.listening(0)).withMessage("Invalid port 0: expected 1-65535");
		assertThatIllegalArgumentException().isThrownBy(() -> PortExpectations.free(70000))
			.withMessage("Invalid port 70000: expected 1-65535");
	}
}
