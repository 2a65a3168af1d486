package io.github.freeport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.freeport.AllocationTrace.Refusal;
import io.github.freeport.allocation.EphemeralRange;
import org.junit.jupiter.api.Test;

class PortsTests {

	@Test
	void reservedPortIsBindableByTheCaller() throws IOException {
		try (PortReservation reservation = Ports.reserve(); ServerSocket server = new ServerSocket()) {
			server.bind(new InetSocketAddress(reservation.port()));
			assertThat(server.getLocalPort()).isEqualTo(reservation.port());
			assertThat(reservation.protocol()).isEqualTo(Protocol.TCP);
			assertThat(reservation.trace().port()).isEqualTo(reservation.port());
		}
	}

	@Test
	void defaultRangeLeavesOutTheEphemeralRange() {
		EphemeralRange ephemeral = EphemeralRange.detect();
		for (int i = 0; i < 200; i++) {
			try (PortReservation reservation = Ports.reserve()) {
				assertThat(ephemeral.contains(reservation.port())).as("port %d in %s", reservation.port(), ephemeral).isFalse();
				assertThat(reservation.port()).isBetween(10000, 65535);
			}
		}
	}

	@Test
	void closeIsIdempotentAndReleases() {
		PortReservation reservation = Ports.request().range(21000, 21999).reserve();
		reservation.close();
		reservation.close();
		assertThat(reservation.isReleased()).isTrue();
		assertThat(reservation.trace().releasedAt()).isNotNull();
	}

	@Test
	void preferredPortsAreTriedInOrderAndRefusalsAreTraced() {
		try (PortReservation first = Ports.request().range(22000, 22999).reserve();
				PortReservation second = Ports.request().preferred(first.port(), first.port() + 1000).range(22000, 22999)
					.owner("second").reserve()) {
			assertThat(second.port()).isEqualTo(first.port() + 1000);
			assertThat(second.trace().attempts()).singleElement().satisfies(attempt -> {
				assertThat(attempt.port()).isEqualTo(first.port());
				assertThat(attempt.refusal()).isEqualTo(Refusal.LEASED_IN_THIS_JVM);
			});
		}
	}

	@Test
	void portBoundOutsideTheRegistryIsSkipped() throws IOException {
		try (ServerSocketChannel squatter = ServerSocketChannel.open().bind(new InetSocketAddress(0));
				PortReservation reservation = Ports.request().preferred(squatter.socket().getLocalPort()).reserve()) {
			int busy = squatter.socket().getLocalPort();
			assertThat(reservation.port()).isNotEqualTo(busy);
			assertThat(reservation.trace().attempts()).first().satisfies(attempt -> {
				assertThat(attempt.port()).isEqualTo(busy);
				assertThat(attempt.refusal()).isEqualTo(Refusal.BIND_FAILED);
			});
		}
	}

	@Test
	void threadsNeverShareAPort() throws Exception {
		int threads = 8;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		Set<Integer> held = ConcurrentHashMap.newKeySet();
		List<Integer> duplicates = new ArrayList<>();
		CountDownLatch start = new CountDownLatch(1);
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				futures.add(pool.submit(() -> {
					start.await();
					for (int i = 0; i < 200; i++) {
						try (PortReservation r = Ports.request().range(24000, 24015).quarantine(Duration.ZERO)
								.exhaustionTimeout(Duration.ofSeconds(30)).reserve()) {
							if (!held.add(r.port())) {
								synchronized (duplicates) {
									duplicates.add(r.port());
								}
							}
							held.remove(r.port());
						}
					}
					return null;
				}));
			}
			start.countDown();
			for (Future<?> future : futures) {
				future.get(120, TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(duplicates).isEmpty();
	}

	@Test
	void invalidRequestsNameTheValue() {
		assertThatThrownBy(() -> Ports.request().range(30000, 20000)).hasMessageContaining("30000-20000")
			.hasMessageContaining("1 <= from <= to <= 65535");
		assertThatThrownBy(() -> Ports.request().range("abc")).hasMessageContaining("'abc'");
		assertThatThrownBy(() -> Ports.request().preferred(70000)).hasMessageContaining("70000");
	}

	@Test
	void distinctReservationsGetDistinctPorts() {
		List<PortReservation> reservations = new ArrayList<>();
		Set<Integer> ports = new HashSet<>();
		try {
			for (int i = 0; i < 50; i++) {
				PortReservation r = Ports.request().range(25000, 25099).reserve();
				reservations.add(r);
				assertThat(ports.add(r.port())).isTrue();
			}
		}
		finally {
			reservations.forEach(PortReservation::close);
		}
	}
}
