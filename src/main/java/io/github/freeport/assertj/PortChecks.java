package io.github.freeport.assertj;

import java.util.Optional;

import io.github.freeport.Protocol;
import io.github.freeport.allocation.BindProbe;
import io.github.freeport.allocation.ConnectProbe;
import io.github.freeport.registry.Holder;

/**
 * The checks behind {@link PortAssert} and {@link PortNumberAssert}: each returns empty when the
 * expectation holds, else the failure message, saying what was expected and what was found.
 */
final class PortChecks {

	private PortChecks() {
	}

	static Optional<String> free(int port, Protocol protocol) {
		return BindProbe.probe(port, protocol)
			.map(failure -> String.format("%nExpected %s port %d to be free (bindable on all interfaces)%nbut it was not: %s%n%s",
				protocol, port, failure, PortHolderDescription.describe(port, protocol)));
	}

	static Optional<String> notFree(int port, Protocol protocol) {
		return BindProbe.probe(port, protocol).isPresent() ? Optional.empty()
				: Optional.of(String.format("%nExpected %s port %d not to be free%nbut it could be bound on all interfaces", protocol, port));
	}

	static Optional<String> listening(int port) {
		return ConnectProbe.probe(port)
			.map(failure -> String.format("%nExpected TCP port %d to be listening (a connection to loopback accepted)%nbut: %s",
				port, failure));
	}

	static Optional<String> notListening(int port) {
		return ConnectProbe.probe(port).isPresent() ? Optional.empty()
				: Optional.of(String.format("%nExpected TCP port %d not to be listening%nbut a connection to loopback was accepted;%n%s",
					port, PortHolderDescription.describe(port, Protocol.TCP)));
	}

	static Optional<String> heldBy(int port, Protocol protocol, long pid) {
		Optional<Holder> holder = PortHolderDescription.leaseHolder(port, protocol);
		if (holder.isPresent() && holder.get().pid() == pid) {
			return Optional.empty();
		}
		return Optional.of(String.format("%nExpected %s port %d to be leased by pid %d (%s)%nbut it was %s", protocol, port, pid,
			PortHolderDescription.process(pid), PortHolderDescription.describe(port, protocol)));
	}

	static Optional<String> notLeased(int port, Protocol protocol) {
		return PortHolderDescription.leaseHolder(port, protocol).isEmpty() ? Optional.empty()
				: Optional.of(String.format("%nExpected %s port %d not to be leased in the freeport registry%nbut it was %s",
					protocol, port, PortHolderDescription.describe(port, protocol)));
	}
}
