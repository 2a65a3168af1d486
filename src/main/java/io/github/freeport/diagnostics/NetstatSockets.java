package io.github.freeport.diagnostics;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongFunction;

import io.github.freeport.Protocol;

/**
 * Windows: {@code netstat -ano}, keeping the TCP or UDP rows (IPv4 and IPv6: {@code -p TCP} alone would
 * leave out IPv6) whose local port matches. The state column is printed in the system's language.
 */
final class NetstatSockets implements SocketTable {

	static final long WINDOWS_SYSTEM_PID = 4;

	@Override
	public Lookup find(int port, Protocol protocol) {
		ExternalCommand.Output output = ExternalCommand.run(List.of("netstat", "-ano"));
		if (output.failed()) {
			return new Lookup(List.of(), "unknown: " + output.failure());
		}
		return new Lookup(parse(output.text(), port, protocol, ProcessNames::commandLine), "");
	}

	/**
	 * The rows of {@code netstat -ano} output for the protocol whose local port is {@code port}: TCP rows are
	 * {@code proto local foreign state pid}, UDP rows {@code proto local foreign pid}.
	 */
	static List<SocketHolder> parse(String output, int port, Protocol protocol, LongFunction<Optional<String>> commandLines) {
		String wanted = protocol == Protocol.UDP ? "UDP" : "TCP";
		Set<SocketHolder> holders = new LinkedHashSet<>();
		for (String line : output.split("\r?\n")) {
			String[] columns = line.trim().split("\\s+");
			if (columns.length < 4 || !columns[0].toUpperCase(Locale.ROOT).equals(wanted)) {
				continue;
			}
			String local = columns[1];
			int colon = local.lastIndexOf(':');
			if (colon < 0 || !local.substring(colon + 1).equals(Integer.toString(port))) {
				continue;
			}
			long pid;
			try {
				pid = Long.parseLong(columns[columns.length - 1]);
			}
			catch (NumberFormatException e) {
				continue;
			}
			String state = protocol == Protocol.UDP ? "BOUND"
					: String.join(" ", List.of(columns).subList(3, columns.length - 1));
			String note = "";
			Optional<String> commandLine = Optional.empty();
			if (pid == 0) {
				pid = PortHolder.UNKNOWN_PID;
				note = "no process owns it: the system keeps it until it times out";
			}
			else if (pid == WINDOWS_SYSTEM_PID) {
				note = "the System process: often HTTP.sys, see netsh http show urlacl and show servicestate";
			}
			else {
				commandLine = commandLines.apply(pid);
			}
			holders.add(new SocketHolder(protocol, local, state, pid, commandLine, note));
		}
		return List.copyOf(holders);
	}
}
