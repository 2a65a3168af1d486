package com.example.parallel;

import io.github.freeport.FreePort;
import io.github.freeport.PortReservation;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

// tag::first-test[]
class OrdersServiceTest {

	@FreePort
	static PortReservation sharedByTheClass;

	@Test
	void classServer() throws Exception {
		Servers.startAndCall("Orders.classServer", sharedByTheClass);
	}

	@RepeatedTest(5)
	void perTestServer(@FreePort PortReservation port) throws Exception {
		Servers.startAndCall("Orders.perTestServer", port);
	}
}
// end::first-test[]
