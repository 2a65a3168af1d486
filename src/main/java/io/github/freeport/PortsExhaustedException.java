package io.github.freeport;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * Thrown when no port of the requested range could be leased and probed within the configured wait
 * ({@value FreePort#EXHAUSTION_TIMEOUT_PROPERTY_NAME}). The message lists who holds the range's ports.
 */
@API(status = STABLE, since = "0.1")
public class PortsExhaustedException extends FreePortException {

	private static final long serialVersionUID = 1L;

	/** @param message the range, how long was waited, and who holds the range's ports */
	public PortsExhaustedException(String message) {
		super(message);
	}
}
