package io.github.freeport.docs.pages;

import java.io.IOException;
import java.net.ServerSocket;

import io.github.freeport.FreePort;
import io.github.freeport.docs.pages.StandIns.GreetingServer;
import io.github.freeport.docs.pages.StandIns.Server;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** docs/migration.md's code blocks that need nothing beyond this build (the Spring ones are fragments). */
class MigrationPage {

	static class ServerSocketZero {

		static GreetingServer server;

		// tag::server-socket-zero[]
		static int port;

		@BeforeAll
		static void startServer() throws IOException {
			try (ServerSocket probe = new ServerSocket(0)) {
				port = probe.getLocalPort();          // free now...
			}                                         // ...and anybody's from here on
			server = GreetingServer.start(port);      // another fork may have bound it meanwhile
		}
		// end::server-socket-zero[]
	}

	Server server;

	// tag::free-port-parameter[]
	@Test
	void startsTheServer(@FreePort int port) {
		server.start(port);
	}
	// end::free-port-parameter[]
}
