package io.github.freeport.allocation;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.Map;
import java.util.Set;

import io.github.freeport.Protocol;
import org.apiguardian.api.API;

/**
 * Who holds ports outside the registry: the processes whose sockets are bound to them. The allocator asks
 * only about candidates that failed the bind probe, never on its fast path, and bounds how long it waits
 * ({@link RefusedPortHolders}); an answer may take a while (scanning {@code /proc}, running {@code lsof}).
 * The facade injects the diagnostics' implementation, so that this package knows nothing of diagnostics.
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

	/**
	 * The holders of each port as one line for a refusal, e.g. {@code pid 4242: python3 -m http.server}, or
	 * what is known when the holder is not ({@code no process owns it ...}); ports without any answer may be absent.
	 *
	 * @param protocol TCP or UDP, never both
	 */
	Map<Integer, String> holders(Set<Integer> ports, Protocol protocol);
}
