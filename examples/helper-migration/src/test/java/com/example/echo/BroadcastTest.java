package com.example.echo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A port per test from @BeforeEach, and one asked for on a thread the test starts. */
class BroadcastTest {

	EchoServer server;

	@BeforeEach
	void start() throws Exception {
		server = new EchoServer(TestPorts.getAvailablePort()).start();
	}

	@AfterEach
	void stop() throws Exception {
		server.close();
	}

	@Test
	void answersEveryClient() throws Exception {
		for (int client = 0; client < 3; client++) {
			assertEquals("client " + client, Echo.call(server.port(), "client " + client));
		}
	}

	@Test
	void aWorkerThreadStartsItsOwnServer() throws Exception {
		ExecutorService worker = Executors.newSingleThreadExecutor(); // created by the test: its thread inherits the test's scope
		try {
			String answer = CompletableFuture.supplyAsync(() -> {
				try (EchoServer relay = new EchoServer(TestPorts.getAvailablePort()).start()) {
					return Echo.call(relay.port(), "relayed");
				}
				catch (Exception e) {
					throw new IllegalStateException(e);
				}
			}, worker).get(30, TimeUnit.SECONDS);
			assertEquals("relayed", answer);
		}
		finally {
			worker.shutdownNow();
		}
	}
}
