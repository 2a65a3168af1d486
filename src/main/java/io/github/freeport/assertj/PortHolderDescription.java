package io.github.freeport.assertj;

import java.util.Optional;
import java.util.stream.Collectors;

import io.github.freeport.Protocol;
import io.github.freeport.allocators.Allocators;
import io.github.freeport.config.Configuration;
import io.github.freeport.diagnostics.PortHolder;
import io.github.freeport.diagnostics.PortHolders;
import io.github.freeport.diagnostics.SocketHolder;
import io.github.freeport.registry.Holder;

/** Who holds a port, in words for failure messages: the registry's lease holder and its process. */
final class PortHolderDescription {

	private PortHolderDescription() {
	}

	/** The registry holder of the port's lease, if any. */
	static Optional<Holder> leaseHolder(int port, Protocol protocol) {
		return Allocators.forConfiguration(Configuration.fromSystem()).registry().holderOf(port, protocol);
	}

	/**
	 * E.g. {@code leased by pid 4711 fork 2 ([engine:junit-jupiter]/...), command /usr/bin/java -cp ...}, or
	 * {@code not leased in the freeport registry}.
	 */
	static String describe(int port, Protocol protocol) {
		String lease = leaseHolder(port, protocol)
			.map(holder -> "leased by " + holder + ", " + process(holder.pid()))
			.orElse("not leased in the freeport registry");
		// the only place this package asks who holds a port: the registry above, the sockets here
		PortHolders holders = PortHolders.of(port, protocol);
		String sockets = holders.holders().stream().filter(SocketHolder.class::isInstance).map(PortHolder::describe)
			.collect(Collectors.joining("; "));
		return lease + (sockets.isEmpty() ? "; no socket bound to it found" : "; bound by " + sockets)
				+ (holders.unknowns().isEmpty() ? "" : " (" + String.join("; ", holders.unknowns()) + ")");
	}

	/** What the JDK knows of a process: its command line, or that it is gone or hidden. */
	static String process(long pid) {
		return ProcessHandle.of(pid)
			.map(handle -> handle.info().commandLine().or(() -> handle.info().command())
				.map(command -> "command " + command)
				.orElse("command not visible to this user"))
			.orElse("process " + pid + " not running");
	}
}
