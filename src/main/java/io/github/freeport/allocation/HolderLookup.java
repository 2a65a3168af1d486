package io.github.freeport.allocation;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;

import io.github.freeport.Protocol;
import org.apiguardian.api.API;

/**
 * Who holds ports outside the registry: the processes whose sockets are bound to them. The allocator asks
 * only about candidates that failed the bind probe, never on its fast path, and bounds how long it waits
 * ({@link RefusedPortHolders}); an answer may take a while (scanning {@code /proc}, running {@code lsof}).
 * The diagnostics implement it and depend on this package, so it is found through {@code META-INF/services}
 * ({@link #SERVICE}), loaded the first time a candidate fails its probe.
 */
@FunctionalInterface
@API(status = INTERNAL, since = "0.1")
public interface HolderLookup {

	/** Looks nothing up: refusals keep the bind error alone. */
	HolderLookup NONE = new HolderLookup() {

		@Override
		public Map<Integer, String> holders(Set<Integer> ports, Protocol protocol) {
			return Map.of();
		}
	};

	/** The implementation registered in {@code META-INF/services}, loaded when first asked; none found: {@link #NONE}. */
	HolderLookup SERVICE = new HolderLookup() {

		private volatile HolderLookup loaded;

		@Override
		public Map<Integer, String> holders(Set<Integer> ports, Protocol protocol) {
			HolderLookup lookup = loaded;
			if (lookup == null) {
				lookup = ServiceLoader.load(HolderLookup.class, HolderLookup.class.getClassLoader()).findFirst().orElse(NONE);
				loaded = lookup;
			}
			return lookup.holders(ports, protocol);
		}
	};

	/**
	 * The holders of each port as one line for a refusal, e.g. {@code pid 4242: python3 -m http.server}, or
	 * what is known when the holder is not ({@code no process owns it ...}); ports without any answer may be absent.
	 *
	 * @param protocol TCP or UDP, never both
	 */
	Map<Integer, String> holders(Set<Integer> ports, Protocol protocol);
}
