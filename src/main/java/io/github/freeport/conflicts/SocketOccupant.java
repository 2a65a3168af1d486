package io.github.freeport.conflicts;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

import io.github.freeport.allocation.BindProbe;

/**
 * A socket in this JVM that keeps a port busy: listening (accepting and resetting every connection),
 * bound without listening, or UDP-bound. It binds the wildcard address without {@code SO_REUSEADDR}; where
 * the host has IPv6 it binds the dual-stack IPv6 wildcard, which on Linux covers IPv4 as well.
 */
final class SocketOccupant implements Occupant {

	private final NetworkChannel channel;
	private final Thread acceptor;

	private SocketOccupant(NetworkChannel channel, Thread acceptor) {
		this.channel = channel;
		this.acceptor = acceptor;
	}

	/** A TCP socket listening on the port, which accepts connections and resets them at once. */
	static SocketOccupant listening(int port) throws IOException {
		ServerSocketChannel server = ServerSocketChannel.open(family());
		try {
			server.setOption(StandardSocketOptions.SO_REUSEADDR, false);
			server.bind(wildcard(port), 50);
		}
		catch (IOException | RuntimeException e) {
			server.close();
			throw e;
		}
		Thread acceptor = new Thread(() -> acceptAndReset(server), "freeport occupant of TCP port " + port);
		acceptor.setDaemon(true);
		acceptor.start();
		return new SocketOccupant(server, acceptor);
	}

	/** A TCP socket bound to the port that does not listen: connections are refused, binds fail. */
	static SocketOccupant boundNotListening(int port) throws IOException {
		SocketChannel socket = SocketChannel.open(family());
		return bind(socket, port);
	}

	/** A UDP socket bound to the port. */
	static SocketOccupant udpBound(int port) throws IOException {
		DatagramChannel socket = DatagramChannel.open(family());
		return bind(socket, port);
	}

	private static SocketOccupant bind(NetworkChannel channel, int port) throws IOException {
		try {
			channel.setOption(StandardSocketOptions.SO_REUSEADDR, false);
			channel.bind(wildcard(port));
			return new SocketOccupant(channel, null);
		}
		catch (IOException | RuntimeException e) {
			channel.close();
			throw e;
		}
	}

	private static void acceptAndReset(ServerSocketChannel server) {
		while (server.isOpen()) {
			try (SocketChannel connection = server.accept()) {
				// reset rather than close: an active close would leave TIME_WAIT on the port after the scope
				connection.setOption(StandardSocketOptions.SO_LINGER, 0);
			}
			catch (ClosedChannelException e) {
				return;
			}
			catch (IOException e) {
				// one connection failed; keep serving the others
			}
		}
	}

	private static ProtocolFamily family() {
		return BindProbe.hasIpv6() ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
	}

	private static InetSocketAddress wildcard(int port) throws UnknownHostException {
		return new InetSocketAddress(InetAddress.getByName(BindProbe.hasIpv6() ? "::" : "0.0.0.0"), port);
	}

	@Override
	public long pid() {
		return ProcessHandle.current().pid();
	}

	@Override
	public void close() {
		try {
			channel.close();
		}
		catch (IOException e) {
			// nothing more to free
		}
		if (acceptor != null) {
			try {
				acceptor.join(5000);
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
		}
	}
}
