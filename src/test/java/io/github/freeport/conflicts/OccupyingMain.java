package io.github.freeport.conflicts;

import io.github.freeport.Occupation;
import io.github.freeport.PortConflicts;
import io.github.freeport.PortOccupation;

/** A JVM that occupies a port in another process, reports the holder, and waits to be killed. */
final class OccupyingMain {

	private OccupyingMain() {
	}

	public static void main(String[] args) throws Exception {
		PortOccupation occupation = PortConflicts.occupy(Occupation.LISTENING_IN_OTHER_PROCESS);
		System.out.println("HOLDER " + occupation.holderPid() + " PORT " + occupation.port());
		System.out.flush();
		while (System.in.read() != -1) {
			// held until killed: the test kills this JVM and watches the holder go
		}
		occupation.close();
	}
}
