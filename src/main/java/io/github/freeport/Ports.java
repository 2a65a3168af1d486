package io.github.freeport;

import static org.apiguardian.api.API.Status.STABLE;

import java.io.IOException;
import java.nio.channels.NetworkChannel;
import java.util.ArrayList;
import java.util.List;

import io.github.freeport.allocation.AllocationRequest;
import io.github.freeport.allocation.BoundChannels;
import io.github.freeport.allocation.PortAllocator;
import io.github.freeport.allocation.PortAllocator.Allocation;
import io.github.freeport.allocators.Allocators;
import io.github.freeport.config.Configuration;
import io.github.freeport.junit.TestScopes;
import org.apiguardian.api.API;

/**
 * Reserves ports without JUnit:
 *
 * <pre>{@code
 * try (PortReservation port = Ports.reserve()) {
 *     server.start(port.port());
 * }
 * }</pre>
 *
 * The same options as {@link FreePort} are on {@link #request()}. Configuration comes from system
 * properties, then environment variables.
 */
@API(status = STABLE, since = "0.1")
public final class Ports {

	private static final int HOLD_ATTEMPTS = 5;

	private Ports() {
	}

	/** {@return a TCP port from the configured range} */
	public static PortReservation reserve() {
		return request().reserve();
	}

	/**
	 * A TCP port from the configured range, leased until the JUnit scope that asks for it ends, so that a
	 * static helper becomes one line: {@code return Ports.reserveForTest().port();}
	 *
	 * <ul>
	 * <li>Called during a test (its {@code @BeforeEach}, body and {@code @AfterEach}, or a thread the test
	 * started): released when the test finishes, failed or not.</li>
	 * <li>Called from {@code @BeforeAll}, {@code @AfterAll} or a static initialiser that runs while the class
	 * is set up: released when the class finishes.</li>
	 * <li>Called outside any JUnit execution: held until closed or until the JVM exits.</li>
	 * </ul>
	 *
	 * {@link PortReservation#close()} still releases it early. Each release is logged like a {@code @FreePort}
	 * one: the JSON Lines file and the run report name the test; report entries are added where freeport's
	 * extension runs on the test (any {@code @FreePort} or {@code @OccupiedPort} in its class). The scope
	 * follows the calling thread: threads the test creates inherit it, pool threads created earlier do not
	 * (they keep the scope they were created in; one that has ended counts as the JVM). Inside a JUnit run
	 * the configuration comes from its configuration parameters, as for {@code @FreePort}.
	 *
	 * @return the reservation, held by the JUnit scope that asked for it
	 * @throws FreePortException on a JUnit older than the supported one, naming the versions and the fix
	 */
	public static PortReservation reserveForTest() {
		return new PortRequest(TestScopes.configuration()).reserveForTest();
	}

	/** {@return a request to fill in, then {@link PortRequest#reserve()}} */
	public static PortRequest request() {
		return new PortRequest(Configuration.fromSystem());
	}

	static PortReservation reserve(AllocationRequest request, Configuration configuration, boolean hold,
			Lifetime lifetime) {
		if (!hold) {
			Allocation allocation = Allocators.forConfiguration(configuration).allocate(request);
			return lifetime.handOut(allocation.lease(), allocation.trace(), List.of(), configuration);
		}
		return reserve(request, configuration, 1, false, true, lifetime).get(0);
	}

	static List<PortReservation> reserve(AllocationRequest request, Configuration configuration, int count,
			boolean contiguous, boolean hold, Lifetime lifetime) {
		PortAllocator allocator = Allocators.forConfiguration(configuration);
		for (int attempt = 1;; attempt++) {
			List<Allocation> allocations = allocator.allocate(request, count, contiguous);
			List<PortReservation> reservations = new ArrayList<>(count);
			try {
				for (Allocation allocation : allocations) {
					List<NetworkChannel> held = hold ? BoundChannels.bind(allocation.lease().port(), request.protocol()) : List.of();
					reservations.add(lifetime.handOut(allocation.lease(), allocation.trace(), held, configuration));
				}
				return List.copyOf(reservations);
			}
			catch (IOException e) {
				// taken by a process outside the registry between probe and bind: give all back, try again
				for (PortReservation reservation : reservations) {
					reservation.close();
				}
				for (Allocation allocation : allocations) {
					allocation.lease().release();
				}
				if (attempt == HOLD_ATTEMPTS) {
					throw new FreePortException("Could not hold " + count + " " + request.protocol() + " port(s) for "
							+ request.owner() + " after " + HOLD_ATTEMPTS + " attempts: processes outside the registry"
							+ " keep binding ports right after freeport probes them (" + e.getMessage() + ")", e);
				}
			}
		}
	}
}
