package io.github.freeport.docs.pages;

import java.time.Duration;

import io.github.freeport.PortReservation;
import io.github.freeport.Ports;
import io.github.freeport.Protocol;
import io.github.freeport.diagnostics.PortHolders;

/** docs/troubleshooting.md's code blocks. */
class TroubleshootingPage {

	PortReservation expiring() {
		// tag::expire-after[]
		PortReservation port = Ports.request().expireAfter(Duration.ofMinutes(5)).reserve();
		// end::expire-after[]
		return port;
	}

	void describe() {
		// tag::port-holders[]
		System.err.println(PortHolders.of(8080, Protocol.TCP).describe());
		// end::port-holders[]
	}
}
