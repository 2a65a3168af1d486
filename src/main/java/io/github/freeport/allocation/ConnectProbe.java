package io.github.freeport.allocation;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apiguardian.api.API;

/**
 * Checks whether something accepts TCP connections on a loopback port: IPv4 {@code 127.0.0.1} first,
 * then IPv6 {@code ::1} where the host has IPv6. The counterpart of {@link BindProbe} for "is my server
 * up yet?", used by the AssertJ and Awaitility integrations.
 */
@API(status = INTERNAL, since = "0.1")
public final class ConnectProbe {

	private static final int CONNECT_TIMEOUT_MILLIS = 1000;

	private ConnectProbe() {
	}

	/**
	 * Tries to connect to the port on loopback and closes the connection at once.
	 *
	 * @return empty when a connection was accepted, else why each address refused, e.g.
	 *         {@code 127.0.0.1:8080: Connection refused}
	 */
	public static Optional<String> probe(int port) {
		if (port < 1 || port > 65535) {
			throw new IllegalArgumentException("Invalid port " + port + ": expected 1-65535");
		}
		List<String> failures = new ArrayList<>();
		for (String loopback : BindProbe.hasIpv6() ? new String[] { "127.0.0.1", "::1" } : new String[] { "127.0.0.1" }) {
			InetSocketAddress address = new InetSocketAddress(address(loopback), port);
			try (Socket socket = new Socket()) {
				socket.connect(address, CONNECT_TIMEOUT_MILLIS);
				return Optional.empty();
			}
			catch (java.net.SocketException e) {
				if (String.valueOf(e.getMessage()).contains("reset")) {
					// a reset after the handshake: a listener took the connection and dropped it (e.g. an
					// occupant that resets what it accepts); refused connections say "refused", not "reset"
					return Optional.empty();
				}
				failures.add((loopback.contains(":") ? "[" + loopback + "]" : loopback) + ":" + port + ": " + e.getMessage());
			}
			catch (IOException e) {
				failures.add((loopback.contains(":") ? "[" + loopback + "]" : loopback) + ":" + port + ": " + e.getMessage());
			}
		}
		return Optional.of(String.join(", ", failures));
	}

	private static InetAddress address(String literal) {
		try {
			return InetAddress.getByName(literal);
		}
		catch (UnknownHostException e) {
			throw new IllegalStateException(literal, e);
		}
	}
}
