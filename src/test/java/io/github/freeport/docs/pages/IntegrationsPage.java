package io.github.freeport.docs.pages;

// tag::assertj[]
import static io.github.freeport.assertj.FreePortAssertions.assertThat;
import static io.github.freeport.assertj.FreePortAssertions.assertThatPort;

// end::assertj[]
// tag::awaitility[]
import static org.awaitility.Awaitility.await;

// end::awaitility[]
import java.time.Duration;

import io.github.freeport.FreePort;
import io.github.freeport.PortReservation;
import io.github.freeport.Ports;
import io.github.freeport.assertj.FreePortSoftAssertions;
import io.github.freeport.awaitility.PortConditions;
import io.github.freeport.awaitility.PortExpectations;
import io.github.freeport.docs.pages.StandIns.Client;
import io.github.freeport.docs.pages.StandIns.Server;
import io.github.freeport.testcontainers.HostPortAccess;
import io.github.freeport.testcontainers.ReservedPortBinding;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;

/** docs/integrations.md's code blocks. */
@SuppressWarnings({ "try", "resource" }) // as the page shows them: containers stopped by their binding
class IntegrationsPage {

	Server server;

	// tag::assertj[]
	@Test
	void serverStartsOnItsPort(@FreePort PortReservation port) {
		assertThat(port).isNotReleased().isLeasedByThisJvm().isFree();
		server.start(port.port());
		assertThat(port).isListening().isNotFree();
		assertThatPort(8080).isNotLeased();
	}
	// end::assertj[]

	void softly(PortReservation reservation, int adminPort) {
		// tag::soft-assertions[]
		FreePortSoftAssertions.assertSoftly(softly -> {
			softly.assertThat(reservation).isNotReleased().isListening();
			softly.assertThatPort(adminPort).isFree();
		});
		// end::soft-assertions[]
	}

	void conditions(int port, PortReservation reservation) {
		// tag::awaitility[]
		server.startInBackground(port);
		await().atMost(Duration.ofSeconds(10)).until(PortConditions.listening(port));

		server.stop();
		await().atMost(Duration.ofSeconds(10)).until(PortConditions.free(port));

		await().atMost(Duration.ofSeconds(10)).until(PortConditions.released(reservation));
		// end::awaitility[]
	}

	void expectations(int port) {
		// tag::expectations[]
		await().atMost(Duration.ofSeconds(10)).untilAsserted(PortExpectations.listening(port));
		// end::expectations[]
	}

	void reservedPortBinding(Client client) {
		// tag::reserved-port-binding[]
		GenericContainer<?> web = new GenericContainer<>("nginx:1.27").withExposedPorts(9090);

		try (ReservedPortBinding binding = ReservedPortBinding.bind(web, 80)) {
			binding.start();
			client.get("http://localhost:" + binding.hostPort() + "/");   // reserved port -> container port 80
			web.getMappedPort(80);                                         // the same reserved port
			web.getMappedPort(9090);                                       // a random port, as usual
		} // stops the container, then releases the lease
		// end::reserved-port-binding[]
	}

	void hostPortAccess(String image) {
		// tag::host-port-access[]
		try (PortReservation port = Ports.reserve(); var server = startHostServer(port.port())) {   // listening on all interfaces
			GenericContainer<?> client = new GenericContainer<>(image);
			String host = HostPortAccess.throughGateway(client, port);           // "host.docker.internal"
			client.withEnv("SERVER_URL", "http://" + host + ":" + port.port()).start();
		}
		// end::host-port-access[]
	}

	private Server startHostServer(int port) {
		server.start(port);
		return server;
	}
}
