package com.example.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A port in a constant: the static initialiser runs while the class is set up, so the lease lasts for the class. */
class ConstantPortTest {

	static final int PORT = TestPorts.getAvailablePort();

	@Test
	void serversTakeTurnsOnTheClasssPort() throws Exception {
		try (EchoServer server = new EchoServer(PORT).start()) {
			assertEquals("one", Echo.call(PORT, "one"));
		}
	}

	@Test
	void andAgain() throws Exception {
		try (EchoServer server = new EchoServer(PORT).start()) {
			assertEquals("two", Echo.call(PORT, "two"));
		}
	}
}
