package io.github.freeport.diagnostics;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.time.Instant;
import java.util.Optional;

import io.github.freeport.Protocol;
import org.apiguardian.api.API;

/**
 * A process holding a port's lease in the freeport registry.
 *
 * @param protocol the leased protocol
 * @param pid the holding process
 * @param fork the build tool's fork or worker id where known, else empty
 * @param owner the test (JUnit unique id) or programmatic caller that asked
 * @param since when the lease was taken
 * @param commandLine the holding process's command line, where known
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record LeaseHolder(Protocol protocol, long pid, String fork, String owner, Instant since,
		Optional<String> commandLine) implements PortHolder {

	@Override
	public String describe() {
		return protocol + " leased in the freeport registry by " + ProcessNames.describe(pid, commandLine)
				+ (fork.isEmpty() ? "" : ", fork " + fork) + (owner.isEmpty() ? "" : ", for " + owner) + ", since " + since;
	}

	@Override
	public String toString() {
		return describe();
	}
}
