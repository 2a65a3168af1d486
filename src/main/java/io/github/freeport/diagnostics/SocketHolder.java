package io.github.freeport.diagnostics;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Optional;

import io.github.freeport.Protocol;
import org.apiguardian.api.API;

/**
 * A socket bound to a port, and the process that owns it where it is known.
 *
 * @param protocol TCP or UDP
 * @param localAddress the socket's local address and port, e.g. {@code [::]:8080} or {@code 127.0.0.1:8080}
 * @param state e.g. {@code LISTEN}, {@code ESTABLISHED}, {@code BOUND} (UDP, or TCP not listening),
 *        {@code TIME_WAIT}; as the source tool names it
 * @param pid the owning process, or {@link PortHolder#UNKNOWN_PID}
 * @param commandLine the owning process's command line, where known
 * @param note what else is known when the owner is not, e.g. the owning uid; empty when there is nothing
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record SocketHolder(Protocol protocol, String localAddress, String state, long pid,
		Optional<String> commandLine, String note) implements PortHolder {

	@Override
	public String describe() {
		String owner = pid == UNKNOWN_PID ? "owner unknown" : "by " + ProcessNames.describe(pid, commandLine);
		return protocol + " " + state + " on " + localAddress + " " + owner + (note.isEmpty() ? "" : " (" + note + ")");
	}

	@Override
	public String toString() {
		return describe();
	}
}
