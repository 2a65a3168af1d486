package io.github.freeport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.List;

import io.github.freeport.AllocationTrace.Refusal;
import org.junit.jupiter.api.Test;

class HandOffTests {

	@Test
	void heldPortCannotBeBoundUntilHandedOffAndStaysLeased() throws IOException {
		try (PortReservation reservation = Ports.request().range(26700, 26799).hold().reserve()) {
			assertThat(reservation.isHeld()).isTrue();
			assertThatThrownBy(() -> ServerSocketChannel.open().bind(new InetSocketAddress(reservation.port())).close())
				.isInstanceOf(BindException.class);

			int port = reservation.handOff();
			assertThat(port).isEqualTo(reservation.port());
			assertThat(reservation.isHeld()).isFalse();
			try (ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress(port))) {
				assertThat(server.socket().getLocalPort()).isEqualTo(port);
			}
			// the lease stands: another request is refused the port
			try (PortReservation other = Ports.request().preferred(port).range(26700, 26799).quarantine(Duration.ZERO).reserve()) {
				assertThat(other.port()).isNotEqualTo(port);
				assertThat(other.trace().attempts()).first().extracting(AllocationTrace.Attempt::refusal)
					.isEqualTo(Refusal.LEASED_IN_THIS_JVM);
			}
		}
	}

	@Test
	void heldUdpAndBothAreBound() {
		try (PortReservation both = Ports.request().protocol(Protocol.BOTH).range(26800, 26899).hold().reserve()) {
			assertThatThrownBy(() -> DatagramChannel.open().bind(new InetSocketAddress(both.port())).close())
				.isInstanceOf(BindException.class);
			assertThatThrownBy(() -> ServerSocketChannel.open().bind(new InetSocketAddress(both.port())).close())
				.isInstanceOf(BindException.class);
			both.handOff();
		}
	}

	@Test
	void closeReleasesHeldSockets() throws IOException {
		PortReservation reservation = Ports.request().range(26900, 26999).hold().reserve();
		reservation.close();
		assertThat(reservation.isHeld()).isFalse();
		try (ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress(reservation.port()))) {
			assertThat(server.isOpen()).isTrue();
		}
		assertThatThrownBy(reservation::handOff).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
	}

	@Test
	void severalHeldPorts() {
		List<PortReservation> block = Ports.request().range(27300, 27399).hold().reserveBlock(3);
		try {
			assertThat(block).allMatch(PortReservation::isHeld);
		}
		finally {
			block.forEach(PortReservation::close);
		}
	}

	@Test
	void handOffWithoutHoldOnlyReturnsThePort() {
		try (PortReservation reservation = Ports.request().range(27400, 27499).reserve()) {
			assertThat(reservation.isHeld()).isFalse();
			assertThat(reservation.handOff()).isEqualTo(reservation.port());
		}
	}
}
