package io.github.freeport;

import static org.apiguardian.api.API.Status.STABLE;

import io.github.freeport.config.Configuration;
import io.github.freeport.conflicts.PortOccupier;
import org.apiguardian.api.API;

/**
 * Makes ports busy on purpose, without JUnit, to exercise the fallback paths of code that binds ports:
 *
 * <pre>{@code
 * try (PortOccupation busy = PortConflicts.occupy(8080, Occupation.BOUND_NOT_LISTENING)) {
 *     server.start(); // its default port is taken: does it fall back, and say so?
 * }
 * }</pre>
 *
 * The JUnit equivalent is {@link OccupiedPort}. Configuration (registry folder, range) comes from system
 * properties, then environment variables.
 */
@API(status = STABLE, since = "0.1")
public final class PortConflicts {

	private PortConflicts() {
	}

	/**
	 * Occupies the given port.
	 *
	 * @param port the port to occupy, 1-65535
	 * @param occupation how to keep it busy
	 * @return the occupation, which holds the port busy until closed
	 * @throws FreePortException naming the port and its holder when the port is leased or bound by someone
	 *         else, or naming the port when it is outside 1-65535
	 */
	public static PortOccupation occupy(int port, Occupation occupation) {
		return PortOccupier.occupy(Configuration.fromSystem(), occupation, port, "thread " + Thread.currentThread().getName());
	}

	/**
	 * Occupies a port picked like {@link Ports#reserve()} picks one (free, from the configured range), for
	 * tests that need <em>some</em> busy port, e.g. to hand it to the code under test as its configured port.
	 *
	 * @param occupation how to keep it busy
	 * @return the occupation, which holds the port busy until closed
	 */
	public static PortOccupation occupy(Occupation occupation) {
		return PortOccupier.occupy(Configuration.fromSystem(), occupation, 0, "thread " + Thread.currentThread().getName());
	}
}
