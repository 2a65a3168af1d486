package io.github.freeport.diagnostics;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.freeport.Protocol;

/**
 * Linux: the sockets of {@code /proc/net/{tcp,tcp6,udp,udp6}} whose local port matches, and their owners
 * found by the {@code socket:[inode]} links under {@code /proc/<pid>/fd}. Processes whose descriptors
 * this user may not read are skipped quietly; their sockets are reported with the owning uid.
 * Only the current network namespace is visible (a container sees its own sockets).
 */
final class ProcNetSockets implements SocketTable {

	static final Path PROC_NET = Path.of("/proc/net");

	private static final Pattern SOCKET_LINK = Pattern.compile("socket:\\[(\\d+)]");
	private static final Pattern ENTRY = Pattern.compile(
		"\\s*\\d+:\\s+([0-9A-Fa-f]+):([0-9A-Fa-f]{4})\\s+[0-9A-Fa-f]+:[0-9A-Fa-f]{4}\\s+([0-9A-Fa-f]{2})\\s+\\S+\\s+\\S+\\s+\\S+\\s+(\\d+)\\s+\\d+\\s+(\\d+).*");

	private final Path procNet;
	private final Path proc;

	ProcNetSockets(Path procNet, Path proc) {
		this.procNet = procNet;
		this.proc = proc;
	}

	/**
	 * One line of a {@code /proc/net} table.
	 *
	 * @param localAddress e.g. {@code 127.0.0.1} or {@code [::]}
	 * @param state the kernel's state number (TCP: 0x0A is LISTEN)
	 * @param inode the socket's inode, 0 for sockets no process owns (TIME_WAIT)
	 */
	record Entry(String localAddress, int port, int state, long uid, long inode) {
	}

	@Override
	public Lookup find(int port, Protocol protocol) {
		return findAll(Set.of(port), protocol).get(port);
	}

	/** One read of the tables and one walk over {@code /proc/<pid>/fd} for all the ports. */
	@Override
	public Map<Integer, Lookup> findAll(Set<Integer> ports, Protocol protocol) {
		String name = protocol == Protocol.UDP ? "udp" : "tcp";
		List<Entry> entries = new ArrayList<>();
		StringBuilder unreadable = new StringBuilder();
		for (String table : new String[] { name, name + "6" }) {
			Path file = procNet.resolve(table);
			try {
				entries.addAll(parse(Files.readString(file), ports));
			}
			catch (IOException e) {
				if (Files.exists(file) || table.equals(name)) {
					unreadable.append(unreadable.length() == 0 ? "" : "; ").append("cannot read ").append(file).append(": ")
						.append(e.getMessage());
				}
			}
		}
		Set<Long> inodes = new LinkedHashSet<>();
		entries.stream().filter(e -> e.inode() != 0).forEach(e -> inodes.add(e.inode()));
		Map<Long, Set<Long>> owners = inodes.isEmpty() ? Map.of() : owners(inodes);
		Map<Integer, Set<SocketHolder>> holders = new LinkedHashMap<>();
		for (int port : ports) {
			holders.put(port, new LinkedHashSet<>());
		}
		for (Entry entry : entries) {
			String state = stateName(protocol, entry.state());
			String address = entry.localAddress() + ":" + entry.port();
			Set<Long> pids = owners.getOrDefault(entry.inode(), Set.of());
			Set<SocketHolder> found = holders.get(entry.port());
			if (pids.isEmpty()) {
				String note = entry.inode() == 0 ? "no process owns it: the kernel keeps it until it times out"
						: "owned by uid " + entry.uid() + "; no process this user may inspect has it open";
				found.add(new SocketHolder(protocol, address, state, PortHolder.UNKNOWN_PID, Optional.empty(), note));
			}
			for (long pid : pids) {
				found.add(new SocketHolder(protocol, address, state, pid, ProcessNames.commandLine(pid), ""));
			}
		}
		Map<Integer, Lookup> lookups = new LinkedHashMap<>();
		holders.forEach((port, found) -> lookups.put(port, new Lookup(List.copyOf(found), unreadable.toString())));
		return lookups;
	}

	/** The entries of one {@code /proc/net/{tcp,tcp6,udp,udp6}} table whose local port is {@code port}. */
	static List<Entry> parse(String table, int port) {
		return parse(table, Set.of(port));
	}

	/** The entries of one {@code /proc/net/{tcp,tcp6,udp,udp6}} table whose local port is one of {@code ports}. */
	static List<Entry> parse(String table, Set<Integer> ports) {
		List<Entry> entries = new ArrayList<>();
		for (String line : table.split("\n")) {
			Matcher matcher = ENTRY.matcher(line);
			if (matcher.matches()) {
				int port = Integer.parseInt(matcher.group(2), 16);
				if (ports.contains(port)) {
					entries.add(new Entry(address(matcher.group(1)), port, Integer.parseInt(matcher.group(3), 16),
						Long.parseLong(matcher.group(4)), Long.parseLong(matcher.group(5))));
				}
			}
		}
		return entries;
	}

	/** The kernel's hex address, each 32-bit word in host (little-endian) order, as {@code 127.0.0.1} or {@code [::1]}. */
	static String address(String hex) {
		byte[] bytes = new byte[hex.length() / 2];
		for (int word = 0; word < bytes.length / 4; word++) {
			for (int i = 0; i < 4; i++) {
				int at = word * 8 + (3 - i) * 2;
				bytes[word * 4 + i] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
			}
		}
		if (bytes.length == 4) {
			return (bytes[0] & 0xFF) + "." + (bytes[1] & 0xFF) + "." + (bytes[2] & 0xFF) + "." + (bytes[3] & 0xFF);
		}
		return "[" + ipv6(bytes) + "]";
	}

	/** RFC 5952 text: lower case, the longest run of two or more zero groups as {@code ::}. */
	static String ipv6(byte[] bytes) {
		int[] groups = new int[8];
		for (int i = 0; i < 8; i++) {
			groups[i] = ((bytes[2 * i] & 0xFF) << 8) | (bytes[2 * i + 1] & 0xFF);
		}
		int bestStart = -1;
		int bestLength = 1;
		for (int i = 0; i < 8; i++) {
			int length = 0;
			while (i + length < 8 && groups[i + length] == 0) {
				length++;
			}
			if (length > bestLength) {
				bestStart = i;
				bestLength = length;
			}
		}
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < 8; i++) {
			if (i == bestStart) {
				text.append("::");
				i += bestLength - 1;
				continue;
			}
			if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
				text.append(':');
			}
			text.append(Integer.toHexString(groups[i]));
		}
		return text.toString();
	}

	/** TCP state names as {@code ss} prints them; a bound socket that does not listen is {@code BOUND}. */
	static String stateName(Protocol protocol, int state) {
		if (protocol == Protocol.UDP) {
			return state == 0x01 ? "CONNECTED" : "BOUND";
		}
		switch (state) {
			case 0x01: return "ESTABLISHED";
			case 0x02: return "SYN_SENT";
			case 0x03: return "SYN_RECV";
			case 0x04: return "FIN_WAIT1";
			case 0x05: return "FIN_WAIT2";
			case 0x06: return "TIME_WAIT";
			case 0x07: return "BOUND (not listening)";
			case 0x08: return "CLOSE_WAIT";
			case 0x09: return "LAST_ACK";
			case 0x0A: return "LISTEN";
			case 0x0B: return "CLOSING";
			case 0x0C: return "NEW_SYN_RECV";
			default: return "state 0x" + Integer.toHexString(state);
		}
	}

	/** The inode in a {@code /proc/<pid>/fd} link target such as {@code socket:[12345]}, or -1. */
	static long socketInode(String linkTarget) {
		Matcher matcher = SOCKET_LINK.matcher(linkTarget);
		return matcher.matches() ? Long.parseLong(matcher.group(1)) : -1;
	}

	/** The pids whose descriptors point at each inode; a socket may be shared by several processes. */
	private Map<Long, Set<Long>> owners(Set<Long> inodes) {
		Map<Long, Set<Long>> owners = new LinkedHashMap<>();
		try (DirectoryStream<Path> processes = Files.newDirectoryStream(proc, p -> isPid(p.getFileName().toString()))) {
			for (Path process : processes) {
				long pid = Long.parseLong(process.getFileName().toString());
				try (DirectoryStream<Path> descriptors = Files.newDirectoryStream(process.resolve("fd"))) {
					for (Path descriptor : descriptors) {
						long inode = socketInode(readLink(descriptor));
						if (inodes.contains(inode)) {
							owners.computeIfAbsent(inode, k -> new LinkedHashSet<>()).add(pid);
						}
					}
				}
				catch (IOException | SecurityException e) {
					// another user's process, or one that just ended: skipped quietly
				}
			}
		}
		catch (IOException | SecurityException e) {
			// no /proc to scan: every socket stays without owner, which the caller reports
		}
		return owners;
	}

	private static String readLink(Path descriptor) {
		try {
			return Files.readSymbolicLink(descriptor).toString();
		}
		catch (IOException | UnsupportedOperationException | SecurityException e) {
			return "";
		}
	}

	private static boolean isPid(String name) {
		if (name.isEmpty()) {
			return false;
		}
		for (int i = 0; i < name.length(); i++) {
			if (!Character.isDigit(name.charAt(i))) {
				return false;
			}
		}
		return true;
	}
}
