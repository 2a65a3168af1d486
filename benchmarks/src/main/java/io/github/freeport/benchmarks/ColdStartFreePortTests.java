package io.github.freeport.benchmarks;

import java.io.IOException;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;

import io.github.freeport.FreePort;

/**
 * The freeport side of the cold-start benchmark: one test that starts a server on its {@code @FreePort}
 * port and connects to it. Run by {@link ColdStart} in fresh JVMs through JUnit's Console Launcher, never by
 * Surefire; the same test as {@link ColdStartServerSocketTests} but for where the port comes from.
 */
class ColdStartFreePortTests {

	@Test
	void startsAServer(@FreePort int port) throws IOException {
		try (ServerSocket server = new ServerSocket(port)) {
			ColdStartServer.connect(server);
		}
	}
}
