package io.github.freeport;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apiguardian.api.API;

/**
 * Thrown when no port of the requested range could be leased and probed within the configured wait
 * ({@value FreePort#EXHAUSTION_TIMEOUT_PROPERTY_NAME}). The message lists who holds the range's ports;
 * {@link #holders()} gives the same as values.
 */
@API(status = STABLE, since = "0.1")
public class PortsExhaustedException extends FreePortException {

	private static final long serialVersionUID = 1L;

	/** Each holder the message names, with the ports it holds (part of the serialized form). */
	private final Map<String, List<Integer>> holders;

	/** @param message the range, how long was waited, and who holds the range's ports */
	public PortsExhaustedException(String message) {
		this(message, Map.of());
	}

	/**
	 * @param message the range, how long was waited, and who holds the range's ports
	 * @param holders each holder the message names (e.g. {@code leased by another process, pid 4242 (...)}) with
	 * the ports it holds, in the message's order
	 */
	public PortsExhaustedException(String message, Map<String, List<Integer>> holders) {
		super(message);
		Map<String, List<Integer>> copy = new LinkedHashMap<>();
		holders.forEach((holder, ports) -> copy.put(holder, List.copyOf(ports)));
		this.holders = Collections.unmodifiableMap(copy);
	}

	/** {@return each holder the message names, with the ports it holds, in the message's order; empty when none is known} */
	public Map<String, List<Integer>> holders() {
		return holders;
	}
}
