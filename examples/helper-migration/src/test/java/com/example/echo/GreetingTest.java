package com.example.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A port per invocation of a parameterised test. */
class GreetingTest {

	@ParameterizedTest
	@ValueSource(strings = { "hello", "bonjour", "hallo" })
	void echoesTheGreeting(String greeting) throws Exception {
		try (EchoServer server = new EchoServer(TestPorts.getAvailablePort()).start()) {
			assertEquals(greeting, Echo.call(server.port(), greeting));
		}
	}
}
