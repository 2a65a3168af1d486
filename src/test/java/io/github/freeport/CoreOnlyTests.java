package io.github.freeport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

import io.github.freeport.awaitility.PortConditions;
import io.github.freeport.testsupport.SystemRegistry;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The core as a user without AssertJ, Awaitility or Testcontainers has it: run by the Surefire execution
 * {@code without-integrations}, whose classpath leaves them (and what they bring) out. Plain JUnit
 * assertions only; excluded from the default execution, where the integrations are present.
 */
@Tag("core-only")
class CoreOnlyTests {

	@ParameterizedTest
	@ValueSource(strings = { "org.assertj.core.api.Assertions", "org.awaitility.Awaitility", "org.hamcrest.Matcher",
			"org.testcontainers.DockerClientFactory", "com.github.dockerjava.api.DockerClient", "org.slf4j.Logger" })
	void optionalLibraryIsAbsent(String className) {
		assertThrows(ClassNotFoundException.class, () -> Class.forName(className),
			() -> className + " is on this execution's classpath: check the pom's classpathDependencyExcludes");
	}

	@Test
	void reservesAndReleasesWithoutTheIntegrations() throws IOException {
		PortReservation reservation = Ports.reserve();
		try (ServerSocket server = new ServerSocket()) {
			server.bind(new InetSocketAddress(reservation.port()));
			assertEquals(reservation.port(), server.getLocalPort());
		}
		finally {
			reservation.close();
		}
		assertTrue(reservation.isReleased());
		assertTrue(SystemRegistry.registry().holderOf(reservation.port(), Protocol.TCP).isEmpty());
	}

	@Test
	void injectsWithoutTheIntegrations(@FreePort int port, @FreePort PortReservation reservation) {
		assertTrue(port > 0);
		assertFalse(reservation.isReleased());
		assertEquals(ProcessHandle.current().pid(),
			SystemRegistry.registry().holderOf(reservation.port(), Protocol.TCP).orElseThrow().pid());
	}

	@Test
	void portConditionsNeedNoAwaitility() throws Exception {
		PortReservation reservation = Ports.reserve();
		try {
			assertTrue(PortConditions.free(reservation.port()).call());
			assertFalse(PortConditions.listening(reservation).call());
			try (ServerSocket server = new ServerSocket(reservation.port())) {
				assertTrue(server.isBound());
				assertTrue(PortConditions.listening(reservation).call());
				assertFalse(PortConditions.free(reservation.port()).call());
			}
			assertFalse(PortConditions.released(reservation).call());
		}
		finally {
			reservation.close();
		}
		assertTrue(PortConditions.released(reservation).call());
	}
}
