package io.github.freeport.docs.pages;

import java.nio.channels.ServerSocketChannel;

import io.github.freeport.FreePort;
import io.github.freeport.PortReservation;
import io.github.freeport.docs.pages.StandIns.EchoServer;
import io.github.freeport.docs.pages.StandIns.HttpServerUnderTest;
import org.junit.jupiter.api.Test;

/** docs/hand-off.md's code blocks. */
@SuppressWarnings("try") // resources only opened and closed, as the page shows them
class HandOffPage {

	// tag::hand-off[]
	@Test
	void acceptsAChannel(@FreePort ServerSocketChannel channel) throws Exception {
		try (var server = new EchoServer(channel)) {          // already bound: nobody can take the port
			// ...
		}
	}

	@Test
	void needsANumber(@FreePort(hold = true) PortReservation port) throws Exception {
		try (var server = new HttpServerUnderTest()) {
			server.start(port.handOff());                      // closes the held socket right before the bind
		}
	}
	// end::hand-off[]
}
