package io.github.freeport.conflicts;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** What plain JDK code under test does with a port: a server binding it, a client connecting to it. */
final class Sockets {

	private Sockets() {
	}

	/** Binds a TCP server on the wildcard address, as servers do (JDK defaults, so SO_REUSEADDR on Unix). */
	static void bindTcp(int port) throws IOException {
		try (ServerSocket server = new ServerSocket()) {
			server.bind(new InetSocketAddress(port));
		}
	}

	static void bindTcpLoopback(int port) throws IOException {
		try (ServerSocket server = new ServerSocket()) {
			server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
		}
	}

	static void bindUdp(int port) throws IOException {
		try (DatagramSocket socket = new DatagramSocket(null)) {
			socket.bind(new InetSocketAddress(port));
		}
	}

	/** Connects to the loopback port with a bounded timeout, and reads once (bounded too). */
	static int connectAndRead(int port) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
			socket.setSoTimeout(10_000);
			return socket.getInputStream().read();
		}
	}
}
