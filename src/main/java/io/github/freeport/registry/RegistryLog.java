package io.github.freeport.registry;

import java.lang.System.Logger.Level;

/**
 * The registry's logger, {@code io.github.freeport.registry}, asked for only when something is logged: a
 * lease that logs nothing initialises no logging, since the first port pays only for the port. What the
 * registry logs is rare and needs a human: a lock file deleted under a running build, a lease lost to
 * another process, metadata that cannot be written, locks that may not be trusted.
 */
final class RegistryLog {

	private RegistryLog() {
	}

	static void warning(String message) {
		System.getLogger(RegistryLog.class.getPackageName()).log(Level.WARNING, message);
	}

	static void error(String message) {
		System.getLogger(RegistryLog.class.getPackageName()).log(Level.ERROR, message);
	}
}
