package io.github.freeport.allocation;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SocketChannel;
import java.util.Locale;
import java.util.Optional;

import io.github.freeport.Protocol;
import org.apiguardian.api.API;

/**
 * Checks that a port can be bound right now, conservatively: the wildcard address, no
 * {@code SO_REUSEADDR}, and IPv6 as well as IPv4 where the host has IPv6. On Linux one dual-stack IPv6
 * wildcard bind covers both families; elsewhere both are bound in turn.
 *
 * <p>What it finds out about the host at first use, it finds out with TCP client channels only, the kind a TCP
 * probe opens: a JVM's first port loads no server or datagram channel classes it does not use (UDP's defaults
 * are looked at with the first UDP probe).
 */
@API(status = INTERNAL, since = "0.1")
public final class BindProbe {

	private static final boolean IPV6 = detectIpv6();
	private static final boolean DUAL_STACK_COVERS_IPV4 = IPV6
			&& System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux");
	private static final InetAddress ANY_IPV4 = address("0.0.0.0");
	/** Whether new TCP client channels start without SO_REUSEADDR (so the probe can skip a system call). */
	private static final boolean TCP_REUSEADDR_OFF_BY_DEFAULT = reuseAddressOffByDefault(false);
	private static final InetAddress ANY_IPV6 = address("::");
	private static final InetAddress LOOPBACK_IPV4 = address("127.0.0.1");
	private static final InetAddress LOOPBACK_IPV6 = address("::1");

	private BindProbe() {
	}

	/** Whether this host (and JVM) can open IPv6 sockets. */
	public static boolean hasIpv6() {
		return IPV6;
	}

	/**
	 * Tries to bind the port for the protocol and lets it go again.
	 *
	 * @return empty when the port is bindable, else what failed, e.g. {@code TCP [::]:8080: Address already in use}
	 */
	public static Optional<String> probe(int port, Protocol protocol) {
		return probe(port, protocol, ProbeAddress.WILDCARD);
	}

	/**
	 * Tries to bind the port on the given address for the protocol and lets it go again.
	 *
	 * @return empty when the port is bindable, else what failed
	 */
	public static Optional<String> probe(int port, Protocol protocol, ProbeAddress address) {
		return Optional.ofNullable(failure(port, protocol, address));
	}

	/**
	 * Tries to bind the port on the given address for the protocol and lets it go again: {@link #probe}
	 * without an {@code Optional}, for the allocation path.
	 *
	 * @return {@code null} when the port is bindable, else what failed
	 */
	public static String failure(int port, Protocol protocol, ProbeAddress address) {
		if (protocol == Protocol.TCP && address == ProbeAddress.WILDCARD && DUAL_STACK_COVERS_IPV4) {
			return bind(port, false, StandardProtocolFamily.INET6, ANY_IPV6); // the usual probe, in one step
		}
		if (protocol.includesTcp()) {
			String failure = probeAddress(port, false, address);
			if (failure != null) {
				return failure;
			}
		}
		return protocol.includesUdp() ? probeAddress(port, true, address) : null;
	}

	private static String probeAddress(int port, boolean udp, ProbeAddress address) {
		if (address.address() != null) {
			InetAddress literal = address.address();
			return bind(port, udp, literal instanceof Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET,
				literal);
		}
		if (address == ProbeAddress.LOOPBACK) {
			String failure = bind(port, udp, StandardProtocolFamily.INET, LOOPBACK_IPV4);
			return failure != null || !IPV6 ? failure : bind(port, udp, StandardProtocolFamily.INET6, LOOPBACK_IPV6);
		}
		return probeWildcard(port, udp);
	}

	private static String probeWildcard(int port, boolean udp) {
		if (!DUAL_STACK_COVERS_IPV4) {
			String failure = bind(port, udp, StandardProtocolFamily.INET, ANY_IPV4);
			if (failure != null || !IPV6) {
				return failure;
			}
		}
		return bind(port, udp, StandardProtocolFamily.INET6, ANY_IPV6);
	}

	/** {@code null} when bound (and let go again), else what failed. */
	private static String bind(int port, boolean udp, ProtocolFamily family, InetAddress address) {
		InetSocketAddress socketAddress = new InetSocketAddress(address, port);
		// TCP: bind without listen. Without SO_REUSEADDR, bind() is what fails on any socket bound to the port
		// (listening, connected or only bound, TIME_WAIT included); listen() adds nothing to the check.
		try (NetworkChannel channel = udp ? DatagramChannel.open(family) : SocketChannel.open(family)) {
			if (!(udp ? Udp.REUSEADDR_OFF_BY_DEFAULT : TCP_REUSEADDR_OFF_BY_DEFAULT)) {
				channel.setOption(StandardSocketOptions.SO_REUSEADDR, false);
			}
			channel.bind(socketAddress);
			return null;
		}
		catch (IOException e) {
			return (udp ? "UDP " : "TCP ") + describe(socketAddress) + ": " + e.getMessage();
		}
	}

	private static String describe(InetSocketAddress address) {
		String host = address.getAddress().getHostAddress();
		host = host.equals("0:0:0:0:0:0:0:0") ? "::" : host.equals("0:0:0:0:0:0:0:1") ? "::1" : host;
		return (address.getAddress() instanceof Inet6Address ? "[" + host + "]" : host) + ":" + address.getPort();
	}

	/** UDP's default, looked at with the first UDP probe. */
	private static final class Udp {

		static final boolean REUSEADDR_OFF_BY_DEFAULT = reuseAddressOffByDefault(true);
	}

	private static boolean reuseAddressOffByDefault(boolean udp) {
		try (NetworkChannel channel = udp ? DatagramChannel.open() : SocketChannel.open()) {
			return !channel.getOption(StandardSocketOptions.SO_REUSEADDR);
		}
		catch (IOException | RuntimeException e) {
			return false;
		}
	}

	/** Whether an IPv6 socket can be opened and bound to {@code ::1}: a TCP client channel, as the probe's. */
	private static boolean detectIpv6() {
		try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.INET6)) {
			channel.bind(new InetSocketAddress(address("::1"), 0));
			return true;
		}
		catch (IOException | UnsupportedOperationException e) {
			return false;
		}
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
