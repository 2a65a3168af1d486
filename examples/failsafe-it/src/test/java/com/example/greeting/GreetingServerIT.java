package com.example.greeting;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.github.freeport.FreePort;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GreetingServerIT {

	// tag::server-per-class[]
	@FreePort
	static int port;                       // reserved before @BeforeAll, released after @AfterAll

	static GreetingServer server;

	@BeforeAll
	static void startServer() throws Exception {
		server = GreetingServer.start(port);
	}

	@AfterAll
	static void stopServer() {
		server.close();
	}
	// end::server-per-class[]

	private final HttpClient client = HttpClient.newHttpClient();

	@Test
	void greetsByName() throws Exception {
		assertEquals("Hello, Ada!", get("/greet/Ada"));
	}

	@Test
	void listensOnTheReservedPort() {
		assertEquals(port, server.port());
	}

	private String get(String path) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build();
		return client.send(request, HttpResponse.BodyHandlers.ofString()).body();
	}
}
