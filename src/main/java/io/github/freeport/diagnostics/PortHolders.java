package io.github.freeport.diagnostics;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;
import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import io.github.freeport.FreePortException;
import io.github.freeport.Protocol;
import io.github.freeport.allocators.Allocators;
import io.github.freeport.config.Configuration;
import io.github.freeport.registry.FileLockRegistry;
import io.github.freeport.registry.Holder;
import org.apiguardian.api.API;

/**
 * Who holds a port: the freeport registry's lease holder (pid, fork, test) and every process with a socket
 * bound to it (pid, command line, socket state), for instance after a {@link java.net.BindException}:
 *
 * <pre>{@code
 * System.err.println(PortHolders.of(8080, Protocol.TCP).describe());
 * }</pre>
 * <pre>
 * TCP port 8080:
 *   TCP leased in the freeport registry by pid 4711: java ... FooTest, fork 2, for [engine:junit-jupiter]/..., since ...
 *   TCP LISTEN on [::]:8080 by pid 4711: java -cp ... org.apache.maven.surefire.booter.ForkedBooter ...
 * </pre>
 *
 * <h2>Where the answer comes from</h2>
 * <ul>
 * <li>Linux: {@code /proc/net/{tcp,tcp6,udp,udp6}} for the sockets, {@code /proc/<pid>/fd} for their owners;
 * another user's process shows as its uid only, and only this network namespace is seen.</li>
 * <li>Windows: {@code netstat -ano}.</li>
 * <li>macOS and other Unixes: {@code lsof}, where it is installed; it sees only this user's processes
 * unless run as root.</li>
 * </ul>
 * What cannot be found out is listed in {@link #unknowns()}, never guessed. The lookup takes from a few
 * milliseconds (Linux) to a second or so (an external tool): a failure path tool, not a poll.
 *
 * @param port the port asked about
 * @param protocol the protocol asked about; {@link Protocol#BOTH} looks at TCP and UDP
 * @param holders lease holder first, then the sockets; empty when none was found
 * @param unknowns what could not be found out, or what the answer may miss
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record PortHolders(int port, Protocol protocol, List<PortHolder> holders, List<String> unknowns) {

	public PortHolders {
		holders = List.copyOf(holders);
		unknowns = List.copyOf(unknowns);
	}

	/** Who holds the port, with the registry configured by system properties and environment variables. */
	public static PortHolders of(int port, Protocol protocol) {
		return of(port, protocol, Configuration.fromSystem());
	}

	/** Who holds the port, with the registry of the given configuration. */
	@API(status = INTERNAL, since = "0.1")
	public static PortHolders of(int port, Protocol protocol, Configuration configuration) {
		if (port < 1 || port > 65535) {
			throw new IllegalArgumentException("port " + port + " is outside 1-65535");
		}
		List<String> unknowns = new ArrayList<>();
		Optional<FileLockRegistry> registry;
		try {
			registry = Optional.of(Allocators.forConfiguration(configuration).registry());
		}
		catch (FreePortException e) {
			unknowns.add("freeport lease: unknown, the registry cannot be opened: " + e.getMessage());
			registry = Optional.empty();
		}
		return find(port, protocol, registry, SocketTable.forThisHost(), unknowns);
	}

	static PortHolders find(int port, Protocol protocol, Optional<FileLockRegistry> registry, SocketTable sockets,
			List<String> unknowns) {
		List<PortHolder> holders = new ArrayList<>();
		registry.ifPresent(r -> holders.addAll(leaseHolders(r, port, protocol)));
		for (Protocol single : singles(protocol)) {
			SocketTable.Lookup lookup = sockets.find(port, single);
			holders.addAll(lookup.holders());
			if (!lookup.caveat().isEmpty()) {
				String note = single + " sockets: " + lookup.caveat();
				if (!unknowns.contains(note)) {
					unknowns.add(note);
				}
			}
		}
		return new PortHolders(port, protocol, holders, unknowns);
	}

	private static List<LeaseHolder> leaseHolders(FileLockRegistry registry, int port, Protocol protocol) {
		List<LeaseHolder> leases = new ArrayList<>();
		for (Protocol single : singles(protocol)) {
			registry.holderOf(port, single).ifPresent(holder -> {
				LeaseHolder lease = leaseHolder(holder, single);
				boolean sameAsTcp = !leases.isEmpty() && leases.get(0).pid() == holder.pid()
						&& leases.get(0).owner().equals(holder.owner()) && leases.get(0).since().equals(holder.since());
				if (sameAsTcp) {
					leases.set(0, leaseHolder(holder, Protocol.BOTH));
				}
				else {
					leases.add(lease);
				}
			});
		}
		return leases;
	}

	private static LeaseHolder leaseHolder(Holder holder, Protocol protocol) {
		return new LeaseHolder(protocol, holder.pid(), holder.fork(), holder.owner(), holder.since(),
			ProcessNames.commandLine(holder.pid()));
	}

	private static List<Protocol> singles(Protocol protocol) {
		return protocol == Protocol.BOTH ? List.of(Protocol.TCP, Protocol.UDP) : List.of(protocol);
	}

	/** Whether anyone was found holding the port. */
	public boolean isHeld() {
		return !holders.isEmpty();
	}

	/** Several lines for humans: the port, each holder, then what is unknown. */
	public String describe() {
		String what = (protocol == Protocol.BOTH ? "TCP/UDP" : protocol.toString()) + " port " + port;
		StringBuilder text = new StringBuilder(what).append(':');
		if (holders.isEmpty()) {
			text.append(unknowns.isEmpty() ? " no holder found: no socket is bound to it and no freeport lease holds it"
					: " no holder found");
		}
		text.append(holders.stream().map(h -> "\n  " + h.describe()).collect(Collectors.joining()));
		text.append(unknowns.stream().map(u -> "\n  (" + u + ")").collect(Collectors.joining()));
		return text.toString();
	}

	@Override
	public String toString() {
		return describe();
	}
}
