package io.github.freeport.conflicts;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.github.freeport.AllocationTrace.Refusal;
import io.github.freeport.FreePortException;
import io.github.freeport.Occupation;
import io.github.freeport.PortOccupation;
import io.github.freeport.allocation.AllocationRequest;
import io.github.freeport.allocation.BindProbe;
import io.github.freeport.allocation.PortAllocator.Allocation;
import io.github.freeport.allocation.PortRange;
import io.github.freeport.allocation.PortStrategies;
import io.github.freeport.allocation.ProbeAddress;
import io.github.freeport.allocators.Allocators;
import io.github.freeport.config.Configuration;
import io.github.freeport.registry.FileLockRegistry;
import io.github.freeport.registry.Lease;
import io.github.freeport.registry.LeaseOutcome;
import org.apiguardian.api.API;

/**
 * Leases a port, then keeps it busy as asked. A named port must be had as it is; a free port is picked by
 * the allocator, and picked again if something outside the registry binds it between probe and occupation.
 * Not API: use {@link io.github.freeport.PortConflicts} or {@link io.github.freeport.OccupiedPort}.
 */
@API(status = INTERNAL, since = "0.1")
public final class PortOccupier {

	private static final int PICK_ATTEMPTS = 5;

	private PortOccupier() {
	}

	/**
	 * Occupies {@code port}, or a free port of the configured range when it is {@code 0}.
	 *
	 * @param owner who asks (a JUnit unique id, a thread), recorded with the lease
	 */
	public static PortOccupation occupy(Configuration configuration, Occupation occupation, int port, String owner) {
		return occupy(configuration, occupation, port, null, owner);
	}

	/** As {@link #occupy(Configuration, Occupation, int, String)}, picking from {@code range} unless it is {@code null}. */
	public static PortOccupation occupy(Configuration configuration, Occupation occupation, int port, PortRange range,
			String owner) {
		Objects.requireNonNull(occupation, "occupation");
		Objects.requireNonNull(owner, "owner");
		String holder = "occupied, " + occupation.describe() + ", for " + owner;
		if (port != 0) {
			return occupyNamed(configuration, occupation, port, owner, holder);
		}
		return occupyFree(configuration, occupation, range != null ? range : configuration.range(), owner, holder);
	}

	private static PortOccupation occupyNamed(Configuration configuration, Occupation occupation, int port, String owner,
			String holder) {
		String what = occupation.protocol() + " port " + port;
		if (port < 1 || port > 65535) {
			throw new FreePortException("Invalid port " + port + " to occupy: expected 1-65535, or 0 for a free port");
		}
		FileLockRegistry registry = FileLockRegistry.forFolder(configuration.registryPath(),
			configuration.registryDir().source());
		LeaseOutcome outcome = registry.tryLease(port, occupation.protocol(), holder);
		if (!outcome.isLeased()) {
			throw new FreePortException("Cannot occupy " + what + " (" + occupation.describe() + ") for " + owner
					+ ": it is leased " + (outcome.refusal() == Refusal.LEASED_IN_THIS_JVM ? "in this JVM by " : "by ")
					+ outcome.detail() + "; occupy another port, or none (port = 0) to have a free one picked");
		}
		try {
			return new HeldOccupation(occupation, outcome.lease(), start(occupation, port));
		}
		catch (IOException | RuntimeException e) {
			outcome.lease().release();
			throw new FreePortException("Cannot occupy " + what + " (" + occupation.describe() + ") for " + owner
					+ ": binding it failed with \"" + e.getMessage() + "\"; it is not leased in the freeport registry, so it is"
					+ " held outside the registry (stop its holder) or needs privileges; or occupy another port, or none"
					+ " (port = 0) to have a free one picked", e);
		}
	}

	private static PortOccupation occupyFree(Configuration configuration, Occupation occupation, PortRange range,
			String owner, String holder) {
		AllocationRequest request = new AllocationRequest(occupation.protocol(), range, List.of(), holder,
			configuration.exhaustionTimeout(), configuration.quarantine(), PortStrategies.RANDOM, ProbeAddress.WILDCARD);
		Exception last = null;
		for (int attempt = 0; attempt < PICK_ATTEMPTS; attempt++) {
			Allocation allocation = Allocators.forConfiguration(configuration).allocate(request);
			Lease lease = allocation.lease();
			try {
				return new HeldOccupation(occupation, lease, start(occupation, lease.port()));
			}
			catch (IOException | RuntimeException e) {
				lease.release();
				last = e;
			}
		}
		throw new FreePortException("Cannot occupy a free " + occupation.protocol() + " port in " + range + " ("
				+ occupation.describe() + ") for " + owner + " after " + PICK_ATTEMPTS + " attempts; the last failed with: "
				+ last, last);
	}

	static Occupant start(Occupation occupation, int port) throws IOException {
		switch (occupation) {
			case LISTENING:
				return SocketOccupant.listening(port);
			case LISTENING_IN_OTHER_PROCESS:
				return OtherProcessOccupant.start(port);
			case BOUND_NOT_LISTENING:
				return SocketOccupant.boundNotListening(port);
			case UDP_BOUND:
				return SocketOccupant.udpBound(port);
			default:
				// a phantom lease promises that the port itself is free: check it, as a neighbour would have
				Optional<String> failure = BindProbe.probe(port, occupation.protocol());
				if (failure.isPresent()) {
					throw new IOException(failure.get());
				}
				return Occupant.NONE;
		}
	}
}
