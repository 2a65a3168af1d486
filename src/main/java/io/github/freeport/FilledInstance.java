package io.github.freeport;

/**
 * The key under which an extension remembers, in a scope's {@code ExtensionContext.Store}, that it filled
 * an instance's fields; identity, not equality, counts. Each extension keeps it in its own namespace.
 */
record FilledInstance(Object instance) {

	@Override
	public boolean equals(Object other) {
		return other instanceof FilledInstance filled && filled.instance == instance;
	}

	@Override
	public int hashCode() {
		return System.identityHashCode(instance);
	}
}
