package io.github.freeport.benchmarks;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** What both cold-start tests do with their port: one client connection to the server, accepted. */
final class ColdStartServer {

	/** When the test body first connected: {@link ColdStartProbe}'s mark of where the body got to. */
	static volatile long connectNanos;

	private ColdStartServer() {
	}

	static void connect(ServerSocket server) throws IOException {
		connectNanos = System.nanoTime();
		try (Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
				Socket accepted = server.accept()) {
			if (!accepted.isConnected() || !client.isConnected()) {
				throw new AssertionError("not connected on port " + server.getLocalPort());
			}
		}
	}
}
