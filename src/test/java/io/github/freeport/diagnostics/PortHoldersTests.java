package io.github.freeport.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

import io.github.freeport.PortReservation;
import io.github.freeport.Ports;
import io.github.freeport.Protocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** Real holders: another process, this JVM, another registry user; each named by pid and command line. */
class PortHoldersTests {

	@Test
	void namesAnotherProcessThatListens() throws Exception {
		PortHolderProcess child = PortHolderProcess.start("socket");
		try {
			int port = child.awaitPort();
			PortHolders holders = PortHolders.of(port, Protocol.TCP);
			assertThat(holders.holders()).as(holders.describe()).singleElement().isInstanceOfSatisfying(SocketHolder.class,
				socket -> {
					assertThat(socket.pid()).isEqualTo(child.pid());
					assertThat(socket.state()).isEqualTo("LISTEN");
					assertThat(socket.commandLine()).hasValueSatisfying(line -> assertThat(line).contains(PortHolderMain.class.getName()));
					assertThat(socket.isThisJvm()).isFalse();
				});
			assertThat(holders.describe()).contains("TCP port " + port + ":", "TCP LISTEN on", "pid " + child.pid() + ": ",
				"PortHolderMain");
		}
		finally {
			child.close();
		}
	}

	@Test
	void namesThisJvm() throws Exception {
		try (ServerSocket server = new ServerSocket()) {
			server.bind(new InetSocketAddress(0));
			PortHolders holders = PortHolders.of(server.getLocalPort(), Protocol.TCP);
			assertThat(holders.holders()).as(holders.describe()).singleElement().satisfies(holder -> {
				assertThat(holder.pid()).isEqualTo(ProcessHandle.current().pid());
				assertThat(holder.isThisJvm()).isTrue();
			});
			assertThat(holders.describe()).contains("(this JVM)");
		}
	}

	@Test
	void namesABoundUdpSocket() throws Exception {
		try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(0))) {
			PortHolders holders = PortHolders.of(socket.getLocalPort(), Protocol.BOTH);
			assertThat(holders.holders()).as(holders.describe()).singleElement().isInstanceOfSatisfying(SocketHolder.class,
				holder -> {
					assertThat(holder.protocol()).isEqualTo(Protocol.UDP);
					assertThat(holder.state()).isEqualTo("BOUND");
					assertThat(holder.isThisJvm()).isTrue();
				});
		}
	}

	@Test
	void namesAnotherRegistryUserByLeaseAndSocket() throws Exception {
		PortHolderProcess child = PortHolderProcess.start("lease");
		try {
			int port = child.awaitPort();
			PortHolders holders = PortHolders.of(port, Protocol.TCP);
			assertThat(holders.holders()).as(holders.describe()).hasSize(2);
			assertThat(holders.holders().get(0)).isInstanceOfSatisfying(LeaseHolder.class, lease -> {
				assertThat(lease.pid()).isEqualTo(child.pid());
				assertThat(lease.owner()).isEqualTo(PortHolderMain.OWNER);
				assertThat(lease.commandLine()).hasValueSatisfying(line -> assertThat(line).contains(PortHolderMain.class.getName()));
			});
			assertThat(holders.holders().get(1)).isInstanceOfSatisfying(SocketHolder.class, socket -> {
				assertThat(socket.pid()).isEqualTo(child.pid());
				assertThat(socket.state()).isEqualTo("LISTEN");
			});
			assertThat(holders.describe()).contains("leased in the freeport registry by pid " + child.pid(),
				"for " + PortHolderMain.OWNER);
		}
		finally {
			child.close();
		}
	}

	@Test
	void namesThisJvmsLeaseOfAPortNobodyBinds() {
		try (PortReservation reservation = Ports.request().owner("holders-test").reserve()) {
			PortHolders holders = PortHolders.of(reservation.port(), Protocol.TCP);
			assertThat(holders.holders()).as(holders.describe()).singleElement().isInstanceOfSatisfying(LeaseHolder.class,
				lease -> {
					assertThat(lease.isThisJvm()).isTrue();
					assertThat(lease.owner()).isEqualTo("holders-test");
				});
		}
	}

	@Test
	@EnabledOnOs(OS.LINUX)
	void saysNothingHoldsAPortNobodyHolds() throws Exception {
		int port;
		try (ServerSocket server = new ServerSocket()) {
			server.bind(new InetSocketAddress(0));
			port = server.getLocalPort();
		}
		PortHolders holders = PortHolders.of(port, Protocol.UDP);
		// an ephemeral UDP port nobody asked for is free, barring a rare coincidence that this names
		assertThat(holders.isHeld()).as(holders.describe()).isFalse();
		assertThat(holders.unknowns()).isEmpty();
		assertThat(holders.describe()).contains("no holder found: no socket is bound to it and no freeport lease holds it");
	}

	@Test
	void rejectsAPortOutsideTheRange() {
		assertThatThrownBy(() -> PortHolders.of(70000, Protocol.TCP)).hasMessageContaining("70000")
			.hasMessageContaining("1-65535");
	}
}
