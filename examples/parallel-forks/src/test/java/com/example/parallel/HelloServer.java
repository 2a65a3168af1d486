package com.example.parallel;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpServer;

/** The code under test: a tiny HTTP server that must be told its port. */
final class HelloServer implements AutoCloseable {

	private final HttpServer server;

	HelloServer(int port) throws IOException {
		server = HttpServer.create(new InetSocketAddress(port), 0);
		server.createContext("/", exchange -> {
			byte[] body = ("hello from " + port).getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		server.start();
	}

	@Override
	public void close() {
		server.stop(0);
	}
}
