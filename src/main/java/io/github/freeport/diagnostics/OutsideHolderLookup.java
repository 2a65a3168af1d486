package io.github.freeport.diagnostics;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import io.github.freeport.Protocol;
import io.github.freeport.allocation.HolderLookup;
import org.apiguardian.api.API;

/**
 * The allocator's question "who holds these ports that would not bind?", answered from this host's socket
 * table: one scan for all the ports. Each answer names the processes (pid and command line), or says what
 * is known instead (a socket no process owns, another user's socket), or that no socket was found.
 */
@API(status = INTERNAL, since = "0.1")
public final class OutsideHolderLookup implements HolderLookup {

	private final SocketTable sockets;

	public OutsideHolderLookup() {
		this(SocketTable.forThisHost());
	}

	OutsideHolderLookup(SocketTable sockets) {
		this.sockets = sockets;
	}

	@Override
	public Map<Integer, String> holders(Set<Integer> ports, Protocol protocol) {
		Map<Integer, String> holders = new LinkedHashMap<>();
		sockets.findAll(ports, protocol).forEach((port, lookup) -> holders.put(port, describe(lookup)));
		return holders;
	}

	/** {@code pid 4242: python3 -m http.server}; several processes, or sockets without one, joined by {@code ; }. */
	static String describe(SocketTable.Lookup lookup) {
		Set<String> owners = new LinkedHashSet<>();
		for (SocketHolder socket : lookup.holders()) {
			owners.add(socket.pid() == PortHolder.UNKNOWN_PID
					? "a " + socket.protocol() + " " + socket.state() + " socket whose owner is unknown"
						+ (socket.note().isEmpty() ? "" : " (" + socket.note() + ")")
					: ProcessNames.describe(socket.pid(), socket.commandLine()));
		}
		if (owners.isEmpty()) {
			return "no socket found on it" + (lookup.caveat().isEmpty() ? "" : " (" + lookup.caveat() + ")");
		}
		return String.join("; ", owners);
	}
}
