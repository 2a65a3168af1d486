package io.github.freeport.diagnostics;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Optional;

import org.apiguardian.api.API;

/**
 * One holder of a port: a freeport {@link LeaseHolder lease holder} or the owner of a {@link SocketHolder
 * bound socket}.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public sealed interface PortHolder permits LeaseHolder, SocketHolder {

	/** The pid {@link #pid()} reports when the holding process is not known. */
	long UNKNOWN_PID = -1;

	/** The holding process, or {@link #UNKNOWN_PID}. */
	long pid();

	/** The holding process's command line, where the operating system tells. */
	Optional<String> commandLine();

	/** Whether the holder is the JVM asking. */
	default boolean isThisJvm() {
		return pid() == ProcessHandle.current().pid();
	}

	/** One line for humans, with long command-line arguments shortened. */
	String describe();
}
