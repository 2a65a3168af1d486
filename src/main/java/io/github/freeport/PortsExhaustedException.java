package io.github.freeport;

/**
 * Thrown when no port of the requested range could be leased and probed within the configured wait
 * ({@value FreePort#EXHAUSTION_TIMEOUT_PROPERTY_NAME}). The message lists who holds the range's ports.
 */
public class PortsExhaustedException extends FreePortException {

	private static final long serialVersionUID = 1L;

	/** @param message the range, how long was waited, and who holds the range's ports */
	public PortsExhaustedException(String message) {
		super(message);
	}
}
