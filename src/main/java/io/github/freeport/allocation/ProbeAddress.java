package io.github.freeport.allocation;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

import org.apiguardian.api.API;

/**
 * The address a probe binds: the address the code under test will bind. {@code wildcard} (the default,
 * the most conservative: a port free there is free on every address), {@code loopback} (127.0.0.1 and ::1),
 * or one IP literal.
 *
 * @param text the configured form
 * @param address the literal address, or {@code null} for wildcard and loopback
 */
@API(status = INTERNAL, since = "0.1")
public record ProbeAddress(String text, InetAddress address) {

	public static final ProbeAddress WILDCARD = new ProbeAddress("wildcard", null);
	public static final ProbeAddress LOOPBACK = new ProbeAddress("loopback", null);

	/** What is allowed, for error messages. */
	public static final String ALLOWED = "'wildcard', 'loopback' or an IP address literal such as '127.0.0.1' or '::1'";

	/**
	 * Parses a configured value.
	 *
	 * @throws IllegalArgumentException when it is none of {@link #ALLOWED}
	 */
	public static ProbeAddress parse(String text) {
		String value = text.trim().toLowerCase(Locale.ROOT);
		if (value.equals("wildcard")) {
			return WILDCARD;
		}
		if (value.equals("loopback")) {
			return LOOPBACK;
		}
		if (!value.matches("[0-9a-f:.%\\[\\]]+") || value.isEmpty()) {
			throw new IllegalArgumentException("not an IP address literal: '" + text + "'");
		}
		try {
			return new ProbeAddress(text.trim(), InetAddress.getByName(value.replace("[", "").replace("]", "")));
		}
		catch (UnknownHostException e) {
			throw new IllegalArgumentException("not an IP address literal: '" + text + "'", e);
		}
	}

	@Override
	public String toString() {
		return text;
	}
}
