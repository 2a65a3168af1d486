package com.example.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/** Each test asks the helper for its ports. */
class EchoServerTest {

	@Test
	void echoesALine() throws Exception {
		try (EchoServer server = new EchoServer(TestPorts.getAvailablePort()).start()) {
			assertEquals("hello", Echo.call(server.port(), "hello"));
		}
	}

	@Test
	void echoesTwoClients() throws Exception {
		try (EchoServer server = new EchoServer(TestPorts.getAvailablePort()).start()) {
			assertEquals("one", Echo.call(server.port(), "one"));
			assertEquals("two", Echo.call(server.port(), "two"));
		}
	}

	@Test
	void runsTwoServersSideBySide() throws Exception {
		try (EchoServer first = new EchoServer(TestPorts.getAvailablePort()).start();
				EchoServer second = new EchoServer(TestPorts.getAvailablePort()).start()) {
			assertNotEquals(first.port(), second.port());
			assertEquals("a", Echo.call(first.port(), "a"));
			assertEquals("b", Echo.call(second.port(), "b"));
		}
	}
}
