package io.github.freeport;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * Thrown when freeport cannot hand out a port: an invalid request, an unusable registry folder,
 * or a range without a free port. The message always names what was wrong and what would be right.
 */
@API(status = STABLE, since = "0.1")
public class FreePortException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/** @param message what was wrong, the value, and what would be right */
	public FreePortException(String message) {
		super(message);
	}

	/**
	 * @param message what was wrong, the value, and what would be right
	 * @param cause the failure that led to this one
	 */
	public FreePortException(String message, Throwable cause) {
		super(message, cause);
	}
}
