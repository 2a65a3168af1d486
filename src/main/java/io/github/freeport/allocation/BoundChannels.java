package io.github.freeport.allocation;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.List;

import io.github.freeport.Protocol;
import org.apiguardian.api.API;

/**
 * Sockets bound to a reserved port and kept open, so that processes outside the registry cannot take the
 * port before the code under test binds it: a listening TCP channel and/or a bound UDP channel on the
 * wildcard address (dual-stack where the host has IPv6), without {@code SO_REUSEADDR}.
 */
@API(status = INTERNAL, since = "0.1")
public final class BoundChannels {

	private BoundChannels() {
	}

	/** A listening TCP channel on the wildcard address and the port. */
	public static ServerSocketChannel tcp(int port) throws IOException {
		return bound(BindProbe.hasIpv6() ? ServerSocketChannel.open(StandardProtocolFamily.INET6)
				: ServerSocketChannel.open(StandardProtocolFamily.INET), port);
	}

	/** A bound UDP channel on the wildcard address and the port. */
	public static DatagramChannel udp(int port) throws IOException {
		return bound(BindProbe.hasIpv6() ? DatagramChannel.open(StandardProtocolFamily.INET6)
				: DatagramChannel.open(StandardProtocolFamily.INET), port);
	}

	private static <C extends NetworkChannel> C bound(C channel, int port) throws IOException {
		try {
			channel.setOption(StandardSocketOptions.SO_REUSEADDR, false);
			channel.bind(new InetSocketAddress(wildcard(), port));
			return channel;
		}
		catch (IOException | RuntimeException e) {
			channel.close();
			throw e;
		}
	}

	/** The channels a protocol needs: TCP, UDP or both; none left open when one fails. */
	public static List<NetworkChannel> bind(int port, Protocol protocol) throws IOException {
		List<NetworkChannel> channels = new ArrayList<>(2);
		try {
			if (protocol.includesTcp()) {
				channels.add(tcp(port));
			}
			if (protocol.includesUdp()) {
				channels.add(udp(port));
			}
			return channels;
		}
		catch (IOException | RuntimeException e) {
			closeAll(channels);
			throw e;
		}
	}

	/** Closes channels, ignoring failures: they are being given up. */
	public static void closeAll(List<? extends NetworkChannel> channels) {
		for (NetworkChannel channel : channels) {
			try {
				channel.close();
			}
			catch (IOException ignored) {
				// closing a socket we hold cannot fail in a way that matters here
			}
		}
	}

	private static InetAddress wildcard() throws IOException {
		return InetAddress.getByName(BindProbe.hasIpv6() ? "::" : "0.0.0.0");
	}
}
