package io.github.freeport.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.PrimitiveIterator;
import java.util.Set;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;

import io.github.freeport.PortRequest;
import io.github.freeport.PortReservation;
import io.github.freeport.Ports;
import io.github.freeport.PortsExhaustedException;
import io.github.freeport.testsupport.SystemRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StrategyAndBlockTests {

	private static PortRequest request(int from, int to) {
		return Ports.request().range(from, to).quarantine(Duration.ZERO).exhaustionTimeout(Duration.ZERO);
	}

	@ParameterizedTest
	@ValueSource(strings = { "random", "scan", "sequential" })
	void everyStrategyVisitsEveryIndexOnce(String name) {
		PortStrategy strategy = PortStrategies.named(name);
		for (int size : new int[] { 1, 2, 3, 10, 97, 1000 }) {
			PrimitiveIterator.OfInt order = strategy.order(size, RandomGenerator.getDefault());
			Set<Integer> seen = new HashSet<>();
			while (order.hasNext()) {
				assertThat(seen.add(order.nextInt())).isTrue();
			}
			assertThat(seen).containsExactlyInAnyOrderElementsOf(IntStream.range(0, size).boxed().toList());
		}
	}

	@Test
	void sequentialHandsOutConsecutivePorts() {
		List<PortReservation> held = new ArrayList<>();
		try {
			for (int i = 0; i < 5; i++) {
				held.add(request(26100, 26199).strategy("sequential").reserve());
			}
			List<Integer> ports = held.stream().map(PortReservation::port).toList();
			for (int i = 1; i < ports.size(); i++) {
				// consecutive unless something outside the registry holds a port in between
				assertThat(ports.get(i)).isGreaterThan(ports.get(i - 1));
			}
			assertThat(held.get(0).trace().strategy()).contains("sequential in 26100-26199");
		}
		finally {
			held.forEach(PortReservation::close);
		}
	}

	@Test
	void userStrategyByClassName() {
		try (PortReservation reservation = request(26200, 26299).strategy(HighestFirst.class.getName()).reserve()) {
			assertThat(reservation.port()).isBetween(26290, 26299);
			assertThat(reservation.trace().strategy()).contains("highest-first");
		}
	}

	@Test
	void unknownStrategyNamesWhatIsAllowed() {
		assertThatThrownBy(() -> request(26200, 26299).strategy("fastest"))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessage("Invalid strategy 'fastest': no strategy or class named 'fastest'; expected " + PortStrategies.ALLOWED);
		assertThatThrownBy(() -> request(26200, 26299).strategy(String.class.getName()))
			.hasMessageContaining("does not implement io.github.freeport.allocation.PortStrategy");
	}

	@Test
	void whatIsAllowedNamesTheInterfaceAsItIsNamedNow() {
		// spelled out in a constant (the configuration's table copies it without loading the strategies)
		assertThat(PortStrategies.ALLOWED).contains(PortStrategy.class.getName() + " with");
	}

	@Test
	void severalPortsAllDistinct() {
		List<PortReservation> ports = request(26300, 26399).reserve(5);
		try {
			assertThat(ports).hasSize(5).extracting(PortReservation::port).doesNotHaveDuplicates();
		}
		finally {
			ports.forEach(PortReservation::close);
		}
	}

	@Test
	void contiguousBlockSkipsAHoleMadeByAnOutsider() throws IOException {
		// an outsider binds the middle of the only two blocks of 3 that fit in 26400-26404
		try (ServerSocketChannel outsider = ServerSocketChannel.open().bind(new InetSocketAddress(26402))) {
			assertThatThrownBy(() -> request(26400, 26404).reserveBlock(3)).isInstanceOf(PortsExhaustedException.class)
				.hasMessageContaining("block of 3 ports").hasMessageContaining("bind failed");
		}
		assertNothingLeasedIn(26400, 26404);
		List<PortReservation> block = request(26400, 26404).reserveBlock(3);
		try {
			int first = block.get(0).port();
			assertThat(block).extracting(PortReservation::port).containsExactly(first, first + 1, first + 2);
		}
		finally {
			block.forEach(PortReservation::close);
		}
	}

	@Test
	void allOrNothingWhenTheRangeRunsOut() {
		try (PortReservation taken = request(26500, 26503).preferred(26501).reserve()) {
			assertThatThrownBy(() -> request(26500, 26503).reserve(4)).isInstanceOf(PortsExhaustedException.class);
			assertThatCode(() -> request(26500, 26503).reserveBlock(2).forEach(PortReservation::close))
				.doesNotThrowAnyException();
		}
		assertNothingLeasedIn(26500, 26503);
	}

	@Test
	void blockThatCannotFitIsAClearError() {
		assertThatThrownBy(() -> request(26600, 26601).reserveBlock(3))
			.hasMessage("No block of 3 consecutive ports fits in 26600-26601 (the range 26600-26601 less the OS ephemeral"
					+ " range) for thread " + Thread.currentThread().getName() + "; widen the range or ask for fewer ports");
		assertThatThrownBy(() -> request(26600, 26601).reserve(0)).hasMessage("Invalid port count 0: expected 1-65535");
	}

	@Test
	void loopbackAndLiteralProbeAddresses() throws IOException {
		try (ServerSocketChannel onLoopback = ServerSocketChannel.open()
			.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
			int busy = onLoopback.socket().getLocalPort();
			assertThat(BindProbe.probe(busy, io.github.freeport.Protocol.TCP, ProbeAddress.LOOPBACK)).isPresent();
			assertThat(BindProbe.probe(busy, io.github.freeport.Protocol.TCP, ProbeAddress.parse("127.0.0.1")))
				.get().asString().contains("127.0.0.1:" + busy);
			assertThat(BindProbe.probe(busy, io.github.freeport.Protocol.TCP, ProbeAddress.WILDCARD)).isPresent();
		}
		assertThatThrownBy(() -> Ports.request().probeAddress("localhost"))
			.hasMessage("Invalid probe address 'localhost': expected " + ProbeAddress.ALLOWED);
	}

	/** No lease of the range is left in the registry (whatever processes outside it may bind meanwhile). */
	private static void assertNothingLeasedIn(int from, int to) {
		for (int port = from; port <= to; port++) {
			assertThat(SystemRegistry.registry().holderOf(port, io.github.freeport.Protocol.TCP)).as("lease of %d", port).isEmpty();
		}
	}

	/** A user strategy: the top of the range first. */
	public static final class HighestFirst implements PortStrategy {

		@Override
		public String name() {
			return "highest-first";
		}

		@Override
		public PrimitiveIterator.OfInt order(int size, RandomGenerator random) {
			return IntStream.iterate(size - 1, i -> i >= 0, i -> i - 1).iterator();
		}
	}
}
