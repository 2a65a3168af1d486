package io.github.freeport.benchmarks;

import java.io.IOException;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;

/**
 * The baseline side of the cold-start benchmark: the same test as {@link ColdStartFreePortTests}, on the
 * port of a {@code new ServerSocket(0)} (closed, then bound again by the server), as tests without freeport
 * do. Run by {@link ColdStart} in fresh JVMs through JUnit's Console Launcher, never by Surefire.
 */
class ColdStartServerSocketTests {

	@Test
	void startsAServer() throws IOException {
		int port;
		try (ServerSocket free = new ServerSocket(0)) {
			port = free.getLocalPort();
		}
		try (ServerSocket server = new ServerSocket(port)) {
			ColdStartServer.connect(server);
		}
	}
}
