package io.github.freeport.benchmarks;

import java.net.InetAddress;
import java.net.ServerSocket;

import javax.net.ServerSocketFactory;

/** The port idioms freeport is compared with, written as users (and Spring's TestSocketUtils) write them. */
final class Idioms {

	private Idioms() {
	}

	/** The bind check users write (and Spring's TestSocketUtils does): bind localhost, close. */
	static boolean isPortAvailable(int port) {
		try {
			ServerSocket socket = ServerSocketFactory.getDefault().createServerSocket(port, 1,
				InetAddress.getByName("localhost"));
			socket.close();
			return true;
		}
		catch (Exception e) {
			return false;
		}
	}
}
