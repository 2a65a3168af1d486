package io.github.freeport.registry;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.github.freeport.AllocationTrace.Refusal;
import org.apiguardian.api.API;

/**
 * The answer to one lease attempt: the lease, or why it was refused and what is known of the holder.
 *
 * @param lease the lease, or {@code null} when refused
 * @param refusal why it was refused, or {@code null} when leased
 * @param detail the holder as far as known, e.g. {@code pid 4711 ([engine:junit-jupiter]/...)}
 */
@API(status = INTERNAL, since = "0.1")
public record LeaseOutcome(Lease lease, Refusal refusal, String detail) {

	static LeaseOutcome leased(Lease lease) {
		return new LeaseOutcome(lease, null, "");
	}

	static LeaseOutcome refused(Refusal refusal, String detail) {
		return new LeaseOutcome(null, refusal, detail);
	}

	public boolean isLeased() {
		return lease != null;
	}
}
