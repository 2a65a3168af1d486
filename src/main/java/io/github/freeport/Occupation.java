package io.github.freeport;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * How an {@linkplain OccupiedPort occupied port} is kept busy, and what the code under test observes.
 *
 * <p>In every mode the port is also leased in the host's registry, so no freeport user on the host is
 * handed it while it is occupied. "Binding" below means binding the wildcard address or loopback without
 * {@code SO_REUSEADDR} tricks, as servers do; messages are those of the JDK on Linux and macOS.
 */
@API(status = STABLE, since = "0.1")
public enum Occupation {

	/**
	 * A TCP socket listens on the port in this JVM, and accepts and closes every connection at once.
	 * <ul>
	 * <li>bind (TCP): {@code java.net.BindException: Address already in use};</li>
	 * <li>connect: succeeds, then the peer closes: reads see end of stream (or a reset);</li>
	 * <li>UDP on the same number: unaffected.</li>
	 * </ul>
	 */
	LISTENING,

	/**
	 * Like {@link #LISTENING}, but the socket is held by a small separate JVM the kit starts (and always
	 * stops: at the end of the scope, on {@code close()}, and when this JVM dies, since the holder exits
	 * when its standard input closes). {@link PortOccupation#holderPid()} is the holder's pid, so tools
	 * that name a port's holder (and the code under test's own diagnostics) see another process.
	 * Starting the holder costs a JVM start-up (about half a second).
	 */
	LISTENING_IN_OTHER_PROCESS,

	/**
	 * A TCP socket is bound to the port but does not listen (a client socket bound before connecting,
	 * or a server that crashed between {@code bind} and {@code listen}).
	 * <ul>
	 * <li>bind (TCP): {@code java.net.BindException: Address already in use};</li>
	 * <li>connect: {@code java.net.ConnectException: Connection refused}, as if nothing were there.</li>
	 * </ul>
	 */
	BOUND_NOT_LISTENING,

	/**
	 * A UDP socket is bound to the port in this JVM.
	 * <ul>
	 * <li>bind (UDP): {@code java.net.BindException: Address already in use};</li>
	 * <li>TCP on the same number: unaffected.</li>
	 * </ul>
	 */
	UDP_BOUND,

	/**
	 * Only the registry lease is taken, as by a neighbouring test JVM that reserved the port but has not
	 * bound it yet; no socket is opened.
	 * <ul>
	 * <li>freeport ({@code @FreePort}, {@code Ports}) in this JVM skips the port: its trace says
	 * {@code leased in this JVM}; in other JVMs {@code leased by other process};</li>
	 * <li>bind and connect: work as on any free port, since the port itself is free.</li>
	 * </ul>
	 * The lease is a TCP lease.
	 */
	LEASED_ONLY;

	/** {@return the transport this occupation blocks, and leases: {@link Protocol#UDP} for {@link #UDP_BOUND}, else TCP} */
	public Protocol protocol() {
		return this == UDP_BOUND ? Protocol.UDP : Protocol.TCP;
	}

	/** {@return a short description for messages, e.g. {@code bound but not listening}} */
	public String describe() {
		switch (this) {
			case LISTENING:
				return "listening in this JVM";
			case LISTENING_IN_OTHER_PROCESS:
				return "listening in another process";
			case BOUND_NOT_LISTENING:
				return "bound but not listening";
			case UDP_BOUND:
				return "UDP-bound";
			default:
				return "leased only, by a phantom holder";
		}
	}
}
