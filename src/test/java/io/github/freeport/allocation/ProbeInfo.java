package io.github.freeport.allocation;

import io.github.freeport.PortReservation;
import io.github.freeport.Ports;

/** A child JVM that says whether it detected IPv6 and reserves one port. Argument: registry folder. */
public final class ProbeInfo {

	public static void main(String[] args) {
		System.setProperty("freeport.registry.dir", args[0]);
		try (PortReservation port = Ports.reserve()) {
			System.out.println("IPV6 " + BindProbe.hasIpv6() + " PORT " + port.port());
		}
	}
}
