package io.github.freeport.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.github.freeport.PortRequest;
import io.github.freeport.PortReservation;
import io.github.freeport.Ports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The quarantine orders, it does not refuse: a port this JVM released lately is tried after every other
 * port of the range, the longest released first, and handed out again rather than waited for.
 */
class SoftQuarantineTests {

	/** Long enough that nothing leaves the quarantine while a test runs. */
	private static final Duration QUARANTINE = Duration.ofSeconds(30);

	@Test
	void aReleasedPortIsHandedOutAgainWhenNothingElseIsFree() {
		int port;
		try (PortReservation first = request(28900, 28900).reserve()) {
			port = first.port();
		}
		try (PortReservation again = request(28900, 28900).reserve()) {
			assertThat(again.port()).isEqualTo(port);
			assertThat(again.trace().waited()).isZero();
			assertThat(again.trace().attempts()).isEmpty();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "scan", "random", "sequential" })
	void recentlyReleasedPortsComeLastTheLongestReleasedFirst(String strategy) {
		List<PortReservation> taken = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			taken.add(request(28901, 28905).strategy(strategy).reserve());
		}
		Set<Integer> range = new HashSet<>(List.of(28901, 28902, 28903, 28904, 28905));
		taken.forEach(reservation -> range.remove(reservation.port()));
		int neverReleased = range.iterator().next();
		List<Integer> releaseOrder = new ArrayList<>();
		for (int index : new int[] { 2, 0, 3, 1 }) {
			taken.get(index).close();
			releaseOrder.add(taken.get(index).port());
		}
		List<PortReservation> again = new ArrayList<>();
		try {
			for (int i = 0; i < 5; i++) {
				again.add(request(28901, 28905).strategy(strategy).reserve());
			}
			List<Integer> expected = new ArrayList<>();
			expected.add(neverReleased);
			expected.addAll(releaseOrder);
			assertThat(again).extracting(PortReservation::port).containsExactlyElementsOf(expected);
			assertThat(again).allSatisfy(reservation -> assertThat(reservation.trace().waited()).isZero());
		}
		finally {
			again.forEach(PortReservation::close);
		}
	}

	private static PortRequest request(int from, int to) {
		return Ports.request().range(from, to).quarantine(QUARANTINE).exhaustionTimeout(Duration.ZERO);
	}
}
