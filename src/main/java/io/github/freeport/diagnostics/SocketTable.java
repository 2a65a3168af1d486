package io.github.freeport.diagnostics;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.github.freeport.Protocol;

/** Where this host tells which sockets are bound to a port, and who owns them. */
interface SocketTable {

	/** The sockets whose local port is {@code port}, for TCP or UDP (never both at once). */
	Lookup find(int port, Protocol protocol);

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
