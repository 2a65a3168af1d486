package io.github.freeport.testcontainers;

import static io.github.freeport.assertj.FreePortAssertions.assertThat;
import static io.github.freeport.assertj.FreePortAssertions.assertThatPort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.github.freeport.PortReservation;
import io.github.freeport.Ports;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;

/** Real containers from a local busybox image, on reserved host ports. Skipped with a reason without Docker. */
class ReservedPortBindingTests {

	private static final Duration AT_MOST = Duration.ofSeconds(30);

	// per test, not @BeforeAll: Surefire then reports each test as skipped, with the reason, not "0 tests"
	@BeforeEach
	void dockerAndBusybox() {
		BusyboxImage.assumeAvailable();
	}

	private static GenericContainer<?> httpd(int... ports) {
		StringBuilder script = new StringBuilder("mkdir -p /www && echo hello-from-busybox > /www/index.html");
		for (int port : ports) {
			script.append(" && httpd -p ").append(port).append(" -h /www");
		}
		return new GenericContainer<>(BusyboxImage.IMAGE).withCommand("sh", "-c", script + " && exec sleep 300")
			.withStartupTimeout(AT_MOST);
	}

	@Test
	void containerServesOnTheReservedHostPortAndTheLeaseEndsWithIt() throws Exception {
		GenericContainer<?> container = httpd(8080, 8081).withExposedPorts(8081);
		ReservedPortBinding binding = ReservedPortBinding.bind(container, 8080);
		PortReservation reservation = binding.reservation(8080);
		try {
			binding.start();
			assertThat(get(binding.hostPort())).isEqualTo("hello-from-busybox");
			assertThat(container.getMappedPort(8080)).isEqualTo(reservation.port());
			assertThat(reservation).isNotReleased().isLeasedByThisJvm().isListening().isNotFree();
			assertThat(binding.trace(8080).port()).isEqualTo(reservation.port());
			assertThat(binding.mappings()).hasSize(2).anySatisfy(mapping -> {
				assertThat(mapping.containerPort()).isEqualTo(8080);
				assertThat(mapping.hostPort()).isEqualTo(reservation.port());
				assertThat(mapping.reserved()).isTrue();
				assertThat(mapping.containerId()).isEqualTo(container.getContainerId());
			}).anySatisfy(mapping -> {
				assertThat(mapping.containerPort()).isEqualTo(8081);
				assertThat(mapping.hostPort()).isEqualTo(container.getMappedPort(8081)).isNotEqualTo(reservation.port());
				assertThat(mapping.reserved()).isFalse();
			});
			assertThat(reservation.trace().uses()).singleElement().asString()
				.contains("container port mapping host " + reservation.port() + " (reserved)").contains(":8080/tcp");
		}
		finally {
			binding.stop();
		}
		// the binding reserved the port itself: its allocation event, mapping included, is in the run's log
		java.nio.file.Path runFolder = io.github.freeport.logs.EventLog.runFolder(io.github.freeport.config.Configuration.fromSystem());
		assertThat(io.github.freeport.logs.RunEvents.read(runFolder).events())
			.anySatisfy(event -> {
				assertThat(event.port()).isEqualTo(reservation.port());
				assertThat(event.scope()).isEqualTo("container");
				assertThat(event.uses()).singleElement().asString().contains(":8080/tcp");
			});
		assertThat(container.getContainerId()).isNull();
		assertThat(reservation).isReleased();
		assertThat(binding.isReleased()).isTrue();
		assertThatPort(reservation.port()).isNotLeased();
		// not "free": the proxy's side of our HTTP connection may sit in TIME_WAIT, which a bind without
		// SO_REUSEADDR (the conservative probe) counts as busy for up to a minute
		await().atMost(AT_MOST).untilAsserted(() -> assertThat(reservation).isNotListening());
	}

	@Test
	void reservationFromTheCallerIsTakenOverAndAContainerCanBeAStartable() throws Exception {
		PortReservation reservation = Ports.reserve();
		try (ReservedPortBinding binding = ReservedPortBinding.bind(httpd(8080), 8080, reservation)) {
			binding.start();
			assertThat(get(reservation.port())).isEqualTo("hello-from-busybox");
		}
		assertThat(reservation).isReleased();
	}

	@Test
	void failedStartReleasesTheLeaseAndRemovesTheContainer() throws IOException {
		GenericContainer<?> container = httpd(8080);
		ReservedPortBinding binding = ReservedPortBinding.bind(container, 8080);
		PortReservation reservation = binding.reservation(8080);
		// something outside the registry takes the port between reservation and start
		try (ServerSocket squatter = new ServerSocket()) {
			squatter.bind(new InetSocketAddress(reservation.port()));
			assertThatThrownBy(binding::start).hasStackTraceContaining(String.valueOf(reservation.port()));
		}
		assertThat(reservation).isReleased();
		assertThat(container.getContainerId()).isNull();
	}

	@Test
	void containerReachesAHostServerOnAReservedPortThroughTheGateway() throws IOException {
		try (PortReservation reservation = Ports.reserve(); ServerSocket server = new ServerSocket()) {
			server.bind(new InetSocketAddress(reservation.port()));
			server.setSoTimeout((int) AT_MOST.toMillis());
			GenericContainer<?> container = new GenericContainer<>(BusyboxImage.IMAGE).withStartupTimeout(AT_MOST);
			String host = HostPortAccess.throughGateway(container, reservation);
			container.withCommand("sh", "-c", "echo hello-from-container | nc " + host + " " + reservation.port() + "; exec sleep 300");
			try (container; Socket accepted = startAndAccept(container, server)) {
				BufferedReader reader = new BufferedReader(new InputStreamReader(accepted.getInputStream(), StandardCharsets.UTF_8));
				assertThat(reader.readLine()).isEqualTo("hello-from-container");
			}
		}
	}

	@Test
	void badArgumentsAreRejectedAndTheReservationReleased() {
		PortReservation reservation = Ports.reserve();
		GenericContainer<?> container = new GenericContainer<>(BusyboxImage.IMAGE);
		assertThatIllegalArgumentException().isThrownBy(() -> ReservedPortBinding.bind(container, 0, reservation))
			.withMessage("Invalid container port 0: expected 1-65535");
		assertThat(reservation).isReleased();
		assertThatIllegalArgumentException().isThrownBy(() -> ReservedPortBinding.bind(container, 80, reservation))
			.withMessageContaining("expected an open reservation that includes TCP");
		try (PortReservation other = Ports.reserve()) {
			ReservedPortBinding binding = ReservedPortBinding.bind(container, 80, other);
			PortReservation third = Ports.reserve();
			assertThatIllegalArgumentException().isThrownBy(() -> binding.and(80, third))
				.withMessageContaining("Container port 80 is bound to " + other + " already");
			assertThat(third).isReleased();
			assertThatIllegalArgumentException().isThrownBy(() -> binding.hostPort(81))
				.withMessage("Container port 81 is not bound to a reserved port: expected one of [80]");
		}
	}

	private static Socket startAndAccept(GenericContainer<?> container, ServerSocket server) throws IOException {
		container.start();
		return server.accept();
	}

	private static String get(int port) throws IOException, InterruptedException {
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/")).timeout(Duration.ofSeconds(10)).build();
		return client.send(request, HttpResponse.BodyHandlers.ofString()).body().trim();
	}
}
