package io.github.freeport.conflicts;

import java.util.concurrent.atomic.AtomicBoolean;

import io.github.freeport.Occupation;
import io.github.freeport.PortOccupation;
import io.github.freeport.registry.Lease;

/** An occupation: its occupant keeps the port busy, its lease keeps freeport users away. */
final class HeldOccupation implements PortOccupation {

	private final Occupation occupation;
	private final Lease lease;
	private final Occupant occupant;
	private final AtomicBoolean released = new AtomicBoolean();

	HeldOccupation(Occupation occupation, Lease lease, Occupant occupant) {
		this.occupation = occupation;
		this.lease = lease;
		this.occupant = occupant;
	}

	@Override
	public int port() {
		return lease.port();
	}

	@Override
	public Occupation occupation() {
		return occupation;
	}

	@Override
	public long holderPid() {
		return occupant.pid();
	}

	@Override
	public boolean isReleased() {
		return released.get();
	}

	@Override
	public void close() {
		if (released.compareAndSet(false, true)) {
			try {
				occupant.close();
			}
			finally {
				lease.release();
			}
		}
	}

	@Override
	public String toString() {
		return "PortOccupation[" + protocol() + " " + port() + " " + occupation.describe()
				+ (occupation == Occupation.LISTENING_IN_OTHER_PROCESS ? " (pid " + holderPid() + ")" : "")
				+ (isReleased() ? ", released" : "") + "]";
	}
}
