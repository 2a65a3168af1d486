package com.example.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A server for the whole class, on a port asked for in @BeforeAll: it stays leased until the class ends. */
class ReconnectTest {

	static EchoServer shared;

	@BeforeAll
	static void startShared() throws Exception {
		shared = new EchoServer(TestPorts.getAvailablePort()).start();
	}

	@AfterAll
	static void stopShared() throws Exception {
		shared.close();
	}

	@Test
	void reconnectsToTheSharedServer() throws Exception {
		assertEquals("first", Echo.call(shared.port(), "first"));
		assertEquals("again", Echo.call(shared.port(), "again"));
	}

	@Test
	void restartsOnItsOwnPort() throws Exception {
		int port = TestPorts.getAvailablePort();
		try (EchoServer server = new EchoServer(port).start()) {
			assertEquals("up", Echo.call(port, "up"));
		}
		try (EchoServer again = new EchoServer(port).start()) { // the port is still this test's
			assertEquals("up again", Echo.call(port, "up again"));
		}
	}
}
