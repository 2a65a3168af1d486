package io.github.freeport.junit;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ports that exception messages name: socket addresses such as {@code 0.0.0.0:8080},
 * {@code localhost/127.0.0.1:8080}, {@code [::]:8080}, {@code *:8080} and {@code http://localhost:8080/},
 * and words such as {@code Port 8080 was already in use}. Times ({@code 12:30:15}) and other
 * colon-separated numbers are not addresses and are left alone.
 */
final class PortsInMessages {

	private static final String IPV4 = "\\d{1,3}(?:\\.\\d{1,3}){3}";
	private static final String IPV6 = "\\[[0-9A-Fa-f:.%\\w]*]";
	private static final String NAME = "[A-Za-z][A-Za-z0-9-]*(?:\\.[A-Za-z0-9-]+)*";
	private static final String HOST = "(?:(?:" + NAME + "|" + IPV4 + ")?/(?:" + IPV4 + "|" + IPV6 + ")|" + IPV4 + "|" + IPV6
			+ "|" + NAME + "|\\*)";
	private static final Pattern ADDRESS = Pattern.compile("(?<![\\w.:\\[\\]-])" + HOST + ":(\\d{1,5})(?![\\d.]|:\\d)");
	private static final Pattern PORT_WORD = Pattern.compile("(?i)\\bport\\s*[:=#]?\\s*(\\d{1,5})\\b");

	private PortsInMessages() {
	}

	/** The ports a message names: those in addresses first, then those after the word "port". */
	static Set<Integer> in(String message) {
		Set<Integer> ports = new LinkedHashSet<>();
		if (message == null) {
			return ports;
		}
		addAll(ports, ADDRESS.matcher(message));
		addAll(ports, PORT_WORD.matcher(message));
		return ports;
	}

	private static void addAll(Set<Integer> ports, Matcher matcher) {
		while (matcher.find()) {
			int port = Integer.parseInt(matcher.group(1));
			if (port >= 1 && port <= 65535) {
				ports.add(port);
			}
		}
	}
}
