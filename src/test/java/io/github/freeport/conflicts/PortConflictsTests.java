package io.github.freeport.conflicts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.URISyntaxException;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.freeport.AllocationTrace.Refusal;
import io.github.freeport.FreePortException;
import io.github.freeport.Occupation;
import io.github.freeport.PortConflicts;
import io.github.freeport.PortOccupation;
import io.github.freeport.PortReservation;
import io.github.freeport.Ports;
import io.github.freeport.Protocol;
import io.github.freeport.registry.FileLockRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PortConflictsTests {

	@Test
	void listeningRefusesBindsAndAcceptsConnections() throws IOException {
		try (PortOccupation busy = PortConflicts.occupy(Occupation.LISTENING)) {
			assertAddressInUse(() -> Sockets.bindTcp(busy.port()));
			assertAddressInUse(() -> Sockets.bindTcpLoopback(busy.port()));
			assertThat(readOrReset(busy.port())).isTrue();
			assertThat(busy.holderPid()).isEqualTo(ProcessHandle.current().pid());
			assertThatCode(() -> Sockets.bindUdp(busy.port())).doesNotThrowAnyException();
		}
	}

	@Test
	void listeningInOtherProcessRefusesBindsUntilClosedAndTheHolderIsGone() throws IOException {
		PortOccupation busy = PortConflicts.occupy(Occupation.LISTENING_IN_OTHER_PROCESS);
		long holder = busy.holderPid();
		try {
			assertThat(holder).isNotEqualTo(ProcessHandle.current().pid());
			assertThat(ProcessHandle.of(holder)).hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());
			assertAddressInUse(() -> Sockets.bindTcp(busy.port()));
			assertThat(readOrReset(busy.port())).isTrue();
		}
		finally {
			busy.close();
		}
		assertThat(ProcessHandle.of(holder).filter(ProcessHandle::isAlive)).isEmpty();
		assertThatCode(() -> Sockets.bindTcp(busy.port())).doesNotThrowAnyException();
	}

	@Test
	void boundNotListeningRefusesBindsAndConnections() {
		try (PortOccupation busy = PortConflicts.occupy(Occupation.BOUND_NOT_LISTENING)) {
			assertAddressInUse(() -> Sockets.bindTcp(busy.port()));
			assertAddressInUse(() -> Sockets.bindTcpLoopback(busy.port()));
			assertThatThrownBy(() -> Sockets.connectAndRead(busy.port())).isInstanceOf(ConnectException.class)
				.hasMessageContaining("Connection refused");
		}
	}

	@Test
	void udpBoundRefusesUdpBindsOnly() {
		try (PortOccupation busy = PortConflicts.occupy(Occupation.UDP_BOUND)) {
			assertThat(busy.protocol()).isEqualTo(Protocol.UDP);
			assertAddressInUse(() -> Sockets.bindUdp(busy.port()));
			assertThatCode(() -> Sockets.bindTcp(busy.port())).doesNotThrowAnyException();
		}
	}

	@Test
	void leasedOnlyRefusesFreeportButTheBindSucceeds() {
		try (PortOccupation phantom = PortConflicts.occupy(Occupation.LEASED_ONLY);
				PortReservation fallback = Ports.request().preferred(phantom.port()).reserve()) {
			assertThat(fallback.port()).isNotEqualTo(phantom.port());
			assertThat(fallback.trace().attempts()).first().satisfies(attempt -> {
				assertThat(attempt.port()).isEqualTo(phantom.port());
				assertThat(attempt.refusal()).isEqualTo(Refusal.LEASED_IN_THIS_JVM);
			});
			assertThatCode(() -> Sockets.bindTcp(phantom.port())).doesNotThrowAnyException();
		}
	}

	@ParameterizedTest
	@EnumSource(Occupation.class)
	void everyOccupationLeasesThePortAndCloseFreesIt(Occupation occupation) {
		int port;
		try (PortOccupation busy = PortConflicts.occupy(occupation)) {
			port = busy.port();
			assertThat(FileLockRegistry.forFolder(Path.of(System.getProperty("freeport.registry.dir")).toAbsolutePath()
				.normalize(), "test").holderOf(port, occupation.protocol()))
				.hasValueSatisfying(holder -> assertThat(holder.owner()).contains(occupation.describe()));
			busy.close();
			assertThat(busy.isReleased()).isTrue();
		}
		try (PortReservation again = Ports.request().protocol(occupation.protocol()).preferred(port).reserve()) {
			assertThat(again.port()).isEqualTo(port);
		}
	}

	@Test
	void aNamedFreePortIsOccupied() {
		int port;
		try (PortReservation free = Ports.reserve()) {
			port = free.port();
		}
		try (PortOccupation busy = PortConflicts.occupy(port, Occupation.BOUND_NOT_LISTENING)) {
			assertThat(busy.port()).isEqualTo(port);
			assertAddressInUse(() -> Sockets.bindTcp(port));
		}
	}

	@Test
	void aNamedPortLeasedByFreeportFailsNamingThePortAndHolder() {
		try (PortReservation taken = Ports.request().owner("the neighbour").reserve()) {
			assertThatThrownBy(() -> PortConflicts.occupy(taken.port(), Occupation.LISTENING))
				.isInstanceOf(FreePortException.class)
				.hasMessageContaining("TCP port " + taken.port())
				.hasMessageContaining("leased in this JVM by the neighbour");
		}
	}

	@Test
	void aNamedPortBoundOutsideTheRegistryFailsNamingThePortAndTheBindError() throws IOException {
		try (ServerSocketChannel squatter = ServerSocketChannel.open().bind(new InetSocketAddress(0))) {
			int port = squatter.socket().getLocalPort();
			assertThatThrownBy(() -> PortConflicts.occupy(port, Occupation.LISTENING))
				.isInstanceOf(FreePortException.class)
				.hasMessageContaining("TCP port " + port)
				.hasMessageContaining("held outside the registry")
				.hasMessageContaining("Address already in use");
			// the failed attempt leaves no lease behind
			assertThat(FileLockRegistry.forFolder(Path.of(System.getProperty("freeport.registry.dir")).toAbsolutePath()
				.normalize(), "test").holderOf(port, Protocol.TCP)).isEmpty();
		}
	}

	@Test
	void anInvalidPortIsNamed() {
		assertThatThrownBy(() -> PortConflicts.occupy(70000, Occupation.LISTENING)).isInstanceOf(FreePortException.class)
			.hasMessageContaining("70000").hasMessageContaining("1-65535");
	}

	@Test
	void theHolderProcessExitsWhenItsParentIsKilled() throws Exception {
		List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
			"-Dfreeport.registry.dir=" + System.getProperty("freeport.registry.dir"), "-cp",
			location(OccupyingMain.class) + java.io.File.pathSeparator + location(PortConflicts.class),
			OccupyingMain.class.getName());
		Process parent = new ProcessBuilder(command).redirectErrorStream(true).start();
		long holder = -1;
		try {
			BufferedReader output = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8));
			String line = CompletableFuture.supplyAsync(() -> {
				try {
					String read;
					while ((read = output.readLine()) != null && !read.startsWith("HOLDER ")) {
						// skip JVM chatter
					}
					return read;
				}
				catch (IOException e) {
					return null;
				}
			}).get(120, TimeUnit.SECONDS);
			assertThat(line).as("the parent's report").startsWith("HOLDER ");
			String[] parts = line.split(" ");
			holder = Long.parseLong(parts[1]);
			int port = Integer.parseInt(parts[3]);
			assertThat(ProcessHandle.of(holder).filter(ProcessHandle::isAlive)).isPresent();
			assertAddressInUse(() -> Sockets.bindTcp(port));

			parent.destroyForcibly();
			assertThat(parent.waitFor(30, TimeUnit.SECONDS)).isTrue();

			long holderPid = holder;
			await().atMost(Duration.ofSeconds(30))
				.until(() -> ProcessHandle.of(holderPid).filter(ProcessHandle::isAlive).isEmpty());
			await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> Sockets.bindTcp(port));
		}
		finally {
			parent.destroyForcibly();
			parent.waitFor(30, TimeUnit.SECONDS);
			ProcessHandle.of(holder).ifPresent(ProcessHandle::destroyForcibly);
		}
	}

	private static String location(Class<?> type) throws URISyntaxException {
		return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
	}

	/** A connection that was accepted, then closed or reset by the peer: never a hang, never refused. */
	private static boolean readOrReset(int port) throws IOException {
		try {
			return Sockets.connectAndRead(port) == -1;
		}
		catch (SocketException e) {
			return e.getMessage().contains("reset");
		}
	}

	private static void assertAddressInUse(org.assertj.core.api.ThrowableAssert.ThrowingCallable bind) {
		assertThatThrownBy(bind).isInstanceOf(BindException.class).hasMessageContaining("Address already in use");
	}
}
