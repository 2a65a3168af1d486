package io.github.freeport.junit;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/**
 * Added by {@link BindFailureExtension} as a suppressed exception to a test failure caused by a
 * {@link java.net.BindException}: its message says who holds the ports in question. It has no stack
 * trace of its own; the failure it explains has.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class BindFailureExplanation extends Exception {

	private static final long serialVersionUID = 1L;

	BindFailureExplanation(String message) {
		super(message, null, false, false);
	}

	/**
	 * An explanation, as a {@code Throwable}: made through this method, this class is loaded when a failure is
	 * explained, not when the extension that may explain one is (with the first {@code @FreePort} of a JVM).
	 */
	static Throwable of(String message) {
		return new BindFailureExplanation(message);
	}
}
