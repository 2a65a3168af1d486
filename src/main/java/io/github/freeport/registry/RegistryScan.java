package io.github.freeport.registry;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.List;

import org.apiguardian.api.API;

/**
 * What {@link FileLockRegistry#scan()} found over every metadata slot of a registry.
 *
 * @param live the leases whose lock is held right now, by this JVM or another process, by port
 */
@API(status = INTERNAL, since = "0.1")
public record RegistryScan(List<RecordedLease> live) {

	public RegistryScan {
		live = List.copyOf(live);
	}
}
