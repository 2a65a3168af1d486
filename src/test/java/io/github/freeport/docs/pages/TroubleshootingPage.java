package io.github.freeport.docs.pages;

import io.github.freeport.Protocol;
import io.github.freeport.diagnostics.PortHolders;

/** docs/troubleshooting.md's code blocks. */
class TroubleshootingPage {

	void describe() {
		// tag::port-holders[]
		System.err.println(PortHolders.of(8080, Protocol.TCP).describe());
		// end::port-holders[]
	}
}
