package com.example.echo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The code under test: a line echo server that is told a port number and binds it itself, later, on a thread
 * of its own, as many servers do. Nothing can be handed to it but the number.
 */
public final class EchoServer implements AutoCloseable {

	private final int port;
	private final CompletableFuture<ServerSocket> bound = new CompletableFuture<>();
	private final Thread acceptor;

	public EchoServer(int port) {
		this.port = port;
		this.acceptor = new Thread(this::serve, "echo-" + port);
	}

	/** Starts the server and waits until it listens (at most 10 s). */
	public EchoServer start() throws IOException {
		acceptor.start();
		try {
			bound.get(10, TimeUnit.SECONDS);
		}
		catch (ExecutionException e) {
			throw new IOException("Echo server could not bind port " + port + ": " + e.getCause(), e.getCause());
		}
		catch (InterruptedException | TimeoutException e) {
			throw new IOException("Echo server did not start on port " + port + ": " + e, e);
		}
		return this;
	}

	public int port() {
		return port;
	}

	private void serve() {
		ServerSocket server;
		try {
			server = new ServerSocket();
			server.bind(new InetSocketAddress(port));
		}
		catch (IOException e) {
			bound.completeExceptionally(e);
			return;
		}
		bound.complete(server);
		while (!server.isClosed()) {
			try (Socket client = server.accept();
					BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
					PrintWriter out = new PrintWriter(client.getOutputStream(), true, StandardCharsets.UTF_8)) {
				for (String line = in.readLine(); line != null; line = in.readLine()) {
					out.println(line);
				}
			}
			catch (IOException e) {
				// closed while accepting, or a client went away: the loop checks which
			}
		}
	}

	@Override
	public void close() throws IOException {
		if (bound.isDone() && !bound.isCompletedExceptionally()) {
			bound.join().close();
		}
		try {
			acceptor.join(TimeUnit.SECONDS.toMillis(10));
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}
}
