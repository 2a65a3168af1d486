package io.github.freeport.diagnostics;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.github.freeport.PortReservation;
import io.github.freeport.Ports;

/**
 * A process that holds ports for tests, until its standard input ends. Modes: {@code socket} binds a port
 * the kernel picks; {@code lease} leases one via {@link Ports} (owner {@value #OWNER}) and binds it;
 * {@code on-request} binds each port it reads, one a line. It prints {@code PORT <n>} for each bound port.
 */
public final class PortHolderMain {

	public static final String OWNER = "port-holder-main";

	private PortHolderMain() {
	}

	public static void main(String[] args) throws Exception {
		List<AutoCloseable> held = new ArrayList<>();
		BufferedReader input = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
		switch (args[0]) {
			case "socket":
				held.add(bindAndPrint(0));
				break;
			case "lease":
				PortReservation reservation = Ports.request().owner(OWNER).reserve();
				held.add(reservation);
				held.add(bindAndPrint(reservation.port()));
				break;
			case "on-request":
				for (String line = input.readLine(); line != null; line = input.readLine()) {
					held.add(bindAndPrint(Integer.parseInt(line.trim())));
				}
				break;
			default:
				throw new IllegalArgumentException("mode " + args[0] + ": expected socket, lease or on-request");
		}
		while (input.read() != -1) {
			// hold until the parent closes our input or kills us
		}
		for (AutoCloseable resource : held) {
			resource.close();
		}
	}

	private static ServerSocket bindAndPrint(int port) throws Exception {
		ServerSocket server = new ServerSocket();
		server.bind(new InetSocketAddress(port));
		System.out.println("PORT " + server.getLocalPort());
		System.out.flush();
		return server;
	}
}
