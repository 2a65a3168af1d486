package io.github.freeport.diagnostics;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.github.freeport.Protocol;

/** Where this host tells which sockets are bound to a port, and who owns them. */
interface SocketTable {

	/** The sockets whose local port is {@code port}, for TCP or UDP (never both at once). */
	Lookup find(int port, Protocol protocol);

	/** The sockets of each port, for TCP or UDP; tables that can answer for several ports at once override this. */
	default Map<Integer, Lookup> findAll(Set<Integer> ports, Protocol protocol) {
		Map<Integer, Lookup> lookups = new LinkedHashMap<>();
		for (int port : ports) {
			lookups.put(port, find(port, protocol));
		}
		return lookups;
	}

	/**
	 * What one lookup found.
	 *
	 * @param holders the sockets found
	 * @param caveat what the answer may miss (e.g. other users' processes), or empty
	 */
	record Lookup(List<SocketHolder> holders, String caveat) {
	}

	/** The best table this host offers: {@code /proc/net}, Windows {@code netstat}, {@code lsof}, or none. */
	static SocketTable forThisHost() {
		if (Files.isReadable(ProcNetSockets.PROC_NET.resolve("tcp"))) {
			return new ProcNetSockets(ProcNetSockets.PROC_NET, Path.of("/proc"));
		}
		boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
		if (windows) {
			return new NetstatSockets();
		}
		Optional<Path> lsof = ExternalCommand.onPath("lsof");
		if (lsof.isPresent()) {
			return new LsofSockets(lsof.get());
		}
		return (port, protocol) -> new Lookup(List.of(),
			"unknown: this host has no readable /proc/net and no lsof on the PATH; install lsof to see socket owners");
	}
}
