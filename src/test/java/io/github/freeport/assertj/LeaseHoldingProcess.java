package io.github.freeport.assertj;

import java.io.IOException;

import io.github.freeport.PortReservation;
import io.github.freeport.Ports;

/** A child JVM for tests: reserves a port, prints it, holds the lease until its standard input closes. */
public final class LeaseHoldingProcess {

	private LeaseHoldingProcess() {
	}

	public static void main(String[] args) throws IOException {
		try (PortReservation reservation = Ports.reserve()) {
			System.out.println(reservation.port());
			System.out.flush();
			while (System.in.read() != -1) {
				// hold until the parent closes our input (or kills us)
			}
		}
	}
}
