package com.example.echo;

import io.github.freeport.Ports;

/** The suite's one source of ports, called from every test class. */
final class TestPorts {

	private TestPorts() {
	}

	// tag::helper[]
	static int getAvailablePort() {
		// before: try (ServerSocket socket = new ServerSocket(0)) { return socket.getLocalPort(); }
		return Ports.reserveForTest().port();
	}
	// end::helper[]
}
