package io.github.freeport.conflicts;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.Objects;

import io.github.freeport.AllocationTrace.Refusal;
import io.github.freeport.Occupation;
import io.github.freeport.Protocol;
import org.apiguardian.api.API;

/**
 * One busy port of a {@link ReplayPlan}: the port, how it is re-created, and what the log recorded of it.
 *
 * @param port the port to make busy
 * @param protocol the transport: of the lease for leased steps ({@link Protocol#BOTH} when the recorded
 *        request asked for both), of the socket otherwise
 * @param occupation how the port is kept busy
 * @param leased whether the step takes a registry lease: {@code true} when the recorded candidate was refused
 *        by the registry (leased or quarantined), {@code false} for a bind failure, whose holder was outside
 *        the registry and must be again for the same refusal to be met
 * @param recordedRefusal why the recorded allocation refused the port
 * @param recordedDetail what the log says of the holder, e.g. {@code pid 4243 fork 2 ([engine:junit-jupiter]/...)}
 *        or {@code TCP [::]:8080: Address already in use}
 * @param eventId the id of the allocation event that recorded the refusal
 * @param note what the replay cannot re-create exactly, or empty
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record ReplayStep(int port, Protocol protocol, Occupation occupation, boolean leased, Refusal recordedRefusal,
		String recordedDetail, String eventId, String note) {

	public ReplayStep {
		Objects.requireNonNull(protocol, "protocol");
		Objects.requireNonNull(occupation, "occupation");
		Objects.requireNonNull(recordedRefusal, "recordedRefusal");
		Objects.requireNonNull(recordedDetail, "recordedDetail");
		Objects.requireNonNull(eventId, "eventId");
		Objects.requireNonNull(note, "note");
	}

	/** This step with another occupation, e.g. {@link Occupation#BOUND_NOT_LISTENING} for a bind failure. */
	public ReplayStep withOccupation(Occupation other) {
		Protocol newProtocol = leased && other == Occupation.LEASED_ONLY ? protocol : other.protocol();
		return new ReplayStep(port, newProtocol, other, leased, recordedRefusal, recordedDetail, eventId, note);
	}

	/** The lease holder's name in the registry while the step holds: what {@code PortHolders} shows. */
	String holderName() {
		return "replay of " + (recordedDetail.isEmpty() ? label(recordedRefusal) : recordedDetail);
	}

	/** One line, e.g. {@code TCP 41234: listening in another process, outside the registry (recorded: bind failed: ...)}. */
	public String describe() {
		return protocol + " " + port + ": " + occupation.describe()
				+ (leased ? (occupation == Occupation.LEASED_ONLY ? "" : ", leased") : ", outside the registry")
				+ " (recorded: " + label(recordedRefusal) + (recordedDetail.isEmpty() ? "" : ", " + recordedDetail) + ")"
				+ (note.isEmpty() ? "" : "; " + note);
	}

	static String label(Refusal refusal) {
		return refusal.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ').replace("jvm", "JVM");
	}

	@Override
	public String toString() {
		return describe();
	}
}
