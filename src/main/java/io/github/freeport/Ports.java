package io.github.freeport;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.github.freeport.allocation.AllocationRequest;
import io.github.freeport.allocation.EphemeralRange;
import io.github.freeport.allocation.PortAllocator;
import io.github.freeport.allocation.PortAllocator.Allocation;
import io.github.freeport.config.Configuration;
import io.github.freeport.config.Configuration.Setting;
import io.github.freeport.registry.FileLockRegistry;

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
public final class Ports {

	private static final ConcurrentMap<Path, PortAllocator> ALLOCATORS = new ConcurrentHashMap<>();

	private Ports() {
	}

	/** A TCP port from the configured range. */
	public static PortReservation reserve() {
		return request().reserve();
	}

	/** A request to fill in, then {@link PortRequest#reserve()}. */
	public static PortRequest request() {
		return new PortRequest(Configuration.fromSystem());
	}

	/** A request whose unset options come from the given configuration (used by the JUnit extension). */
	public static PortRequest request(Configuration configuration) {
		return new PortRequest(configuration);
	}

	/**
	 * The lease registry of the configuration {@link #reserve()} uses (system properties, then environment
	 * variables): for diagnostics such as "who leases port 40000?" ({@link FileLockRegistry#holderOf}).
	 */
	public static FileLockRegistry registry() {
		Configuration configuration = Configuration.fromSystem();
		return FileLockRegistry.forFolder(configuration.registryPath(), configuration.registryDir().source());
	}

	static PortReservation reserve(AllocationRequest request, Configuration configuration) {
		Allocation allocation = allocator(configuration).allocate(request);
		return new LeasedPort(allocation.lease(), allocation.trace());
	}

	/** The allocator over the configured registry folder, created once per folder. */
	public static PortAllocator allocator(Configuration configuration) {
		Path folder = configuration.registryPath();
		PortAllocator allocator = ALLOCATORS.get(folder);
		if (allocator == null) {
			Setting source = configuration.registryDir();
			allocator = ALLOCATORS.computeIfAbsent(folder,
				path -> new PortAllocator(FileLockRegistry.forFolder(path, source.source()), EphemeralRange.detect()));
		}
		return allocator;
	}

	/** A reservation backed by a registry lease. */
	private static final class LeasedPort implements PortReservation {

		private final io.github.freeport.registry.Lease lease;
		private final AllocationTrace trace;

		LeasedPort(io.github.freeport.registry.Lease lease, AllocationTrace trace) {
			this.lease = lease;
			this.trace = trace;
		}

		@Override
		public int port() {
			return lease.port();
		}

		@Override
		public Protocol protocol() {
			return lease.protocol();
		}

		@Override
		public AllocationTrace trace() {
			return trace;
		}

		@Override
		public boolean isReleased() {
			return lease.isReleased();
		}

		@Override
		public void close() {
			if (!lease.isReleased()) {
				lease.release();
				trace.markReleased(Instant.now());
			}
		}

		@Override
		public String toString() {
			return "PortReservation[" + protocol() + " " + port() + (isReleased() ? ", released" : "") + "]";
		}
	}
}
