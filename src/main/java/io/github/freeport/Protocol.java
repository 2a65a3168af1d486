package io.github.freeport;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * The transport a port is reserved for.
 *
 * <p>TCP and UDP ports are separate name spaces: a TCP reservation of port 20000 says nothing about UDP
 * port 20000. {@link #BOTH} reserves the same number for both, for servers that listen on TCP and UDP
 * at once (DNS, QUIC fallbacks, game servers).
 */
@API(status = STABLE, since = "0.1")
public enum Protocol {

	/** A TCP port: leased in the registry and probed with a listening socket. */
	TCP,

	/** A UDP port: leased in the registry and probed with a bound datagram socket. */
	UDP,

	/** The same port number, free for TCP and for UDP: both are leased and both probed. */
	BOTH;

	/** {@return whether this protocol includes TCP} */
	public boolean includesTcp() {
		return this != UDP;
	}

	/** {@return whether this protocol includes UDP} */
	public boolean includesUdp() {
		return this != TCP;
	}
}
