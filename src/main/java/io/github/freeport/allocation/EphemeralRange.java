package io.github.freeport.allocation;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.List;
import java.util.Locale;

import org.apiguardian.api.API;

/**
 * The ports the operating system hands out on its own (outgoing connections, port 0) or keeps for
 * itself, read at run time: freeport allocates outside them, so the suite's own outgoing connections
 * never take a leased port.
 *
 * <ul>
 * <li>Linux: {@code /proc/sys/net/ipv4/ip_local_port_range};</li>
 * <li>macOS: {@code sysctl net.inet.ip.portrange.first net.inet.ip.portrange.last};</li>
 * <li>Windows: {@code netsh int ipv4 show dynamicport tcp}, plus the ranges excluded for Hyper-V and
 * others ({@code netsh int ipv4 show excludedportrange protocol=tcp}), in any display language;</li>
 * <li>elsewhere: the IANA dynamic range 49152-65535.</li>
 * </ul>
 * A file or command that cannot be read or parsed logs one WARNING naming it and the fallback (the IANA
 * range, or on Windows no excluded ranges), and {@link #source()} says so.
 *
 * @param ranges the ports to stay out of
 * @param source where they were read from
 */
@API(status = INTERNAL, since = "0.1")
public record EphemeralRange(List<PortRange> ranges, String source) {

	public EphemeralRange {
		ranges = List.copyOf(ranges);
	}

	/** The host's ranges, read once per JVM (so a failure warns once). */
	public static EphemeralRange detect() {
		return Detected.RANGE;
	}

	public boolean contains(int port) {
		for (PortRange range : ranges) {
			if (range.contains(port)) {
				return true;
			}
		}
		return false;
	}

	/** Read when first asked for, exactly once: the JVM runs a class's initialiser once. */
	private static final class Detected {

		static final EphemeralRange RANGE = EphemeralRangeReader.system()
			.read(System.getProperty("os.name", "").toLowerCase(Locale.ROOT));
	}

	/** {@code 32768-60999 (/proc/sys/net/ipv4/ip_local_port_range)}: written into each fork's configuration file. */
	@Override
	public String toString() {
		StringBuilder text = new StringBuilder();
		for (PortRange range : ranges) {
			text.append(text.length() == 0 ? "" : ",").append(range);
		}
		return (text.length() == 0 ? "none" : text) + " (" + source + ")";
	}
}
