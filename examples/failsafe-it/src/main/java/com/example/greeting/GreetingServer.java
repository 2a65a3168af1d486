package com.example.greeting;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpServer;

/** The application: an HTTP server that greets whoever is named in the path, on the port it is told. */
public final class GreetingServer implements AutoCloseable {

	private final HttpServer server;

	private GreetingServer(HttpServer server) {
		this.server = server;
	}

	/** Binds {@code port} on all interfaces and starts serving {@code GET /greet/<name>}. */
	public static GreetingServer start(int port) throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
		server.createContext("/greet/", exchange -> {
			String name = exchange.getRequestURI().getPath().substring("/greet/".length());
			byte[] body = ("Hello, " + name + "!").getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		server.start();
		return new GreetingServer(server);
	}

	public int port() {
		return server.getAddress().getPort();
	}

	@Override
	public void close() {
		server.stop(0);
	}
}
