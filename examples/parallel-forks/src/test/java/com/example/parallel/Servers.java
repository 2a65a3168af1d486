package com.example.parallel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.github.freeport.PortReservation;

/** Starts a server on a reserved port, calls it once and prints what freeport handed out. */
final class Servers {

	private static final HttpClient CLIENT = HttpClient.newHttpClient();

	private Servers() {
	}

	static void startAndCall(String test, PortReservation port) throws Exception {
		try (HelloServer server = new HelloServer(port.port())) {
			HttpResponse<String> response = CLIENT.send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + port.port() + "/")).build(),
				HttpResponse.BodyHandlers.ofString());
			assertEquals("hello from " + port.port(), response.body());
		}
		System.out.printf("[freeport demo] fork %s pid %d thread %-28s %-28s -> port %d (%d candidates refused, %d µs)%n",
			System.getProperty("freeport.fork", "?"), ProcessHandle.current().pid(),
			Thread.currentThread().getName(), test, port.port(), port.trace().attempts().size(),
			port.trace().duration().toNanos() / 1000);
	}
}
