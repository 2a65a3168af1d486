package io.github.freeport.allocation;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.ArrayList;
import java.util.List;

import org.apiguardian.api.API;

/** An inclusive range of port numbers, {@code from-to}. */
@API(status = INTERNAL, since = "0.1")
public record PortRange(int from, int to) {

	/** What a valid range looks like, for error messages. */
	public static final String ALLOWED = "'from-to' with 1 <= from <= to <= 65535, e.g. '20000-20999'";

	/** The built-in default range; the OS ephemeral range is taken out of it silently. */
	public static final PortRange DEFAULT = new PortRange(10000, 65535);

	public PortRange {
		if (from < 1 || to > 65535 || from > to) {
			throw new IllegalArgumentException("Invalid port range " + from + "-" + to + ": expected " + ALLOWED);
		}
	}

	/**
	 * Parses {@code from-to} (or a single port).
	 *
	 * @throws IllegalArgumentException naming the text and what is allowed
	 */
	public static PortRange parse(String text) {
		String trimmed = text.trim();
		int dash = trimmed.indexOf('-', 1);
		try {
			if (dash < 0) {
				int port = Integer.parseInt(trimmed);
				return new PortRange(port, port);
			}
			return new PortRange(Integer.parseInt(trimmed.substring(0, dash).trim()),
				Integer.parseInt(trimmed.substring(dash + 1).trim()));
		}
		catch (IllegalArgumentException e) {
			throw new IllegalArgumentException("Invalid port range '" + text + "': expected " + ALLOWED, e);
		}
	}

	public int size() {
		return to - from + 1;
	}

	public boolean contains(int port) {
		return port >= from && port <= to;
	}

	public boolean overlaps(PortRange other) {
		return from <= other.to && other.from <= to;
	}

	/** This range less the given ones, as disjoint ranges in ascending order. */
	public List<PortRange> minus(List<PortRange> excluded) {
		List<PortRange> rest = new ArrayList<>(List.of(this));
		for (PortRange cut : excluded) {
			List<PortRange> next = new ArrayList<>();
			for (PortRange part : rest) {
				if (!part.overlaps(cut)) {
					next.add(part);
					continue;
				}
				if (part.from < cut.from) {
					next.add(new PortRange(part.from, cut.from - 1));
				}
				if (part.to > cut.to) {
					next.add(new PortRange(cut.to + 1, part.to));
				}
			}
			rest = next;
		}
		return rest;
	}

	@Override
	public String toString() {
		return from == to ? Integer.toString(from) : from + "-" + to;
	}

	// written out: the allocator keys its cache by range, and a record's generated ones are linked on first use

	@Override
	public boolean equals(Object other) {
		return other instanceof PortRange range && range.from == from && range.to == to;
	}

	@Override
	public int hashCode() {
		return 65537 * from + to;
	}
}
