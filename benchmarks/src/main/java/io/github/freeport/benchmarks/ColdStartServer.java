package io.github.freeport.benchmarks;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** What both cold-start tests do with their port: one client connection to the server, accepted. */
final class ColdStartServer {

	private ColdStartServer() {
	}

	static void connect(ServerSocket server) throws IOException {
		try (Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
				Socket accepted = server.accept()) {
			if (!accepted.isConnected() || !client.isConnected()) {
				throw new AssertionError("not connected on port " + server.getLocalPort());
			}
		}
	}
}
