package io.github.freeport.diagnostics;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongFunction;

import io.github.freeport.Protocol;

/**
 * macOS and other Unixes: {@code lsof -nP -iTCP:<port> -FpcnPT} (or {@code -iUDP:}), keeping the sockets
 * whose <em>local</em> port matches ({@code -i} also matches connections to that port elsewhere).
 * lsof shows only the processes this user may inspect, unless run as root.
 */
final class LsofSockets implements SocketTable {

	static final String CAVEAT = "lsof lists only the processes this user may inspect";

	private final Path lsof;

	LsofSockets(Path lsof) {
		this.lsof = lsof;
	}

	@Override
	public Lookup find(int port, Protocol protocol) {
		String selector = (protocol == Protocol.UDP ? "-iUDP:" : "-iTCP:") + port;
		ExternalCommand.Output output = ExternalCommand.run(List.of(lsof.toString(), "-nP", selector, "-FpcnPT"));
		if (output.failed()) {
			return new Lookup(List.of(), "unknown: " + output.failure());
		}
		return new Lookup(parse(output.text(), port, protocol, ProcessNames::commandLine), CAVEAT);
	}

	/**
	 * The sockets of lsof's field output ({@code -F}: one field a line, {@code p} pid, {@code c} command,
	 * {@code f} descriptor, {@code P} protocol, {@code n} name such as {@code *:8080} or
	 * {@code 127.0.0.1:50000->127.0.0.1:8080}, {@code TST=} TCP state) whose local port is {@code port}.
	 *
	 * @param commandLines the command line of a pid; lsof's own {@code c} field is only the short name
	 */
	static List<SocketHolder> parse(String output, int port, Protocol protocol, LongFunction<Optional<String>> commandLines) {
		Set<SocketHolder> holders = new LinkedHashSet<>();
		long pid = PortHolder.UNKNOWN_PID;
		String command = "";
		String name = null;
		String state = null;
		for (String line : (output + "\nf").split("\r?\n")) {
			if (line.isEmpty()) {
				continue;
			}
			char field = line.charAt(0);
			String value = line.substring(1);
			// a new process or file ends the file before it
			if ((field == 'p' || field == 'f' || field == 'P') && name != null) {
				add(holders, name, state, pid, command, port, protocol, commandLines);
				name = null;
				state = null;
			}
			switch (field) {
				case 'p':
					pid = parsePid(value);
					command = "";
					break;
				case 'c':
					command = value;
					break;
				case 'n':
					name = value;
					break;
				case 'T':
					if (value.startsWith("ST=")) {
						state = value.substring(3);
					}
					break;
				default:
					break;
			}
		}
		return List.copyOf(holders);
	}

	private static void add(Set<SocketHolder> holders, String name, String state, long pid, String command, int port,
			Protocol protocol, LongFunction<Optional<String>> commandLines) {
		int arrow = name.indexOf("->");
		String local = arrow < 0 ? name : name.substring(0, arrow);
		int colon = local.lastIndexOf(':');
		if (colon < 0 || !local.substring(colon + 1).equals(Integer.toString(port))) {
			return;
		}
		String shownState = state != null ? state : arrow < 0 ? "BOUND" : "CONNECTED";
		Optional<String> commandLine = pid == PortHolder.UNKNOWN_PID ? Optional.empty() : commandLines.apply(pid);
		if (commandLine.isEmpty() && !command.isEmpty()) {
			commandLine = Optional.of(command);
		}
		holders.add(new SocketHolder(protocol, local, shownState, pid, commandLine, ""));
	}

	private static long parsePid(String value) {
		try {
			return Long.parseLong(value.trim());
		}
		catch (NumberFormatException e) {
			return PortHolder.UNKNOWN_PID;
		}
	}
}
