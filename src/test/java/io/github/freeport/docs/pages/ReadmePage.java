package io.github.freeport.docs.pages;

import io.github.freeport.FreePort;
import io.github.freeport.PortReservation;
import io.github.freeport.Ports;
import io.github.freeport.docs.pages.StandIns.OrdersServer;
import io.github.freeport.docs.pages.StandIns.Server;
import org.junit.jupiter.api.Test;

/** README.md's code blocks. */
@SuppressWarnings("try") // resources only opened and closed, as the README shows them
class ReadmePage {

	// tag::intro[]
	class OrdersServiceTest {

		@FreePort
		static int brokerPort;                 // reserved for the whole class

		@Test
		void startsOnItsOwnPort(@FreePort int port) {   // reserved for this test only
			try (var server = new OrdersServer(port, brokerPort)) {
				// ...
			}
		}
	}
	// end::intro[]

	void withoutJUnit(Server server) {
		// tag::without-junit[]
		try (PortReservation port = Ports.request().range(20000, 20999).preferred(8080).reserve()) {
			server.start(port.port());
		}
		// end::without-junit[]
	}
}
