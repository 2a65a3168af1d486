package io.github.freeport.conflicts;

/** What keeps an occupied port busy: sockets in this JVM, a holder process, or nothing (a lease only). */
interface Occupant extends AutoCloseable {

	/** An occupant that holds no socket: the lease alone occupies the port. */
	Occupant NONE = new Occupant() {

		@Override
		public long pid() {
			return ProcessHandle.current().pid();
		}

		@Override
		public void close() {
		}
	};

	/** The process that holds the port. */
	long pid();

	/** Frees the port; waits until it is free. Never throws. */
	@Override
	void close();
}
