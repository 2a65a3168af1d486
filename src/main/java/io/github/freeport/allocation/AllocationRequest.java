package io.github.freeport.allocation;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import io.github.freeport.Protocol;
import org.apiguardian.api.API;

/**
 * One fully resolved request: annotation or builder values merged with the configuration.
 *
 * @param protocol the transport
 * @param range the range to pick from, before the OS ephemeral range is taken out
 * @param preferred ports to try first, in order (for a contiguous block: block starts)
 * @param owner who asks (a JUnit unique id, or what a programmatic caller named), recorded as the holder
 * @param exhaustionTimeout how long to wait when every candidate is refused
 * @param quarantine how long a released range port rests before it is handed out again
 * @param strategy the order in which the range is tried
 * @param probeAddress the address the probe binds
 */
@API(status = INTERNAL, since = "0.1")
public record AllocationRequest(Protocol protocol, PortRange range, List<Integer> preferred, String owner,
		Duration exhaustionTimeout, Duration quarantine, PortStrategy strategy, ProbeAddress probeAddress) {

	public AllocationRequest {
		Objects.requireNonNull(protocol, "protocol");
		Objects.requireNonNull(range, "range");
		preferred = List.copyOf(preferred);
		Objects.requireNonNull(owner, "owner");
		Objects.requireNonNull(exhaustionTimeout, "exhaustionTimeout");
		Objects.requireNonNull(quarantine, "quarantine");
		Objects.requireNonNull(strategy, "strategy");
		Objects.requireNonNull(probeAddress, "probeAddress");
	}
}
