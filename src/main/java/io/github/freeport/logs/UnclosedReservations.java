package io.github.freeport.logs;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.github.freeport.AllocationTrace;
import io.github.freeport.config.Configuration;
import io.github.freeport.logs.LeaseNotice.Kind;
import org.apiguardian.api.API;

/**
 * The reservations made with {@code Ports} that no JUnit scope holds, while they are open, and what the
 * allocation log says when one ends without {@code close()} (leaked, expired) or is still open when a
 * launcher session ends. Lines are written only while a launcher session is open in this JVM (a test run),
 * into the run folder of the reservation's configuration: a program that uses {@code Ports} outside tests
 * gets the warning its reservation logs, and no files. Not API.
 */
@API(status = INTERNAL, since = "0.1")
public final class UnclosedReservations {

	/** What the log needs to know of such a reservation. */
	@API(status = INTERNAL, since = "0.1")
	public interface Reservation {

		/** Its trace: port, protocol, owner, when it was reserved, pid and fork. */
		AllocationTrace trace();

		/** The first frame outside freeport that reserved it. */
		String reservedBy();

		/** The expiry asked for, or {@code null}. */
		Duration expireAfter();

		/** The configuration it was reserved with: it names the run folder. */
		Configuration configuration();
	}

	private static final Set<Reservation> OPEN = ConcurrentHashMap.newKeySet();

	private UnclosedReservations() {
	}

	/**
	 * A reservation was handed out. Kept only while a launcher session is open: the listing at a session's end
	 * names the reservations made during it, and a program outside tests pays nothing for the list.
	 */
	public static void opened(Reservation reservation) {
		if (LauncherSessions.anyOpen()) {
			OPEN.add(reservation);
		}
	}

	/** A reservation ended, however: it is no longer open. */
	public static void closed(Reservation reservation) {
		OPEN.remove(reservation);
	}

	/** A reservation ended without {@code close()}, leaked or expired: logged while a session is open. Never throws. */
	public static void ended(Reservation reservation, Kind kind) {
		if (LauncherSessions.innermostStart() != null) {
			write(reservation, kind, Instant.now());
		}
	}

	/**
	 * Lists the reservations made since the innermost launcher session began that are still open, one
	 * {@code still-held} line each: called as that session ends.
	 */
	public static void listStillOpen() {
		Instant start = LauncherSessions.innermostStart();
		if (start == null || OPEN.isEmpty()) {
			return; // the usual end of a session: nothing to list, and nothing loaded for it
		}
		Instant now = Instant.now();
		List<Reservation> open = new ArrayList<>(OPEN);
		open.sort((a, b) -> a.trace().startedAt().compareTo(b.trace().startedAt()));
		for (Reservation reservation : open) {
			if (!reservation.trace().startedAt().isBefore(start)) {
				write(reservation, Kind.STILL_HELD, now);
			}
		}
	}

	/** Appends the notice to the reservation's run folder, if it has a valid one. */
	private static void write(Reservation reservation, Kind kind, Instant at) {
		Path folder;
		try {
			folder = EventLog.runFolder(reservation.configuration());
		}
		catch (RuntimeException e) {
			return; // an invalid freeport.log.dir or run id: the reservation's warning is all there is
		}
		AllocationTrace trace = reservation.trace();
		LeaseNotice notice = new LeaseNotice(kind, AllocationEvent.nextId(trace.pid()), folder.getFileName().toString(),
			trace.port(), trace.protocol(), trace.owner(), reservation.reservedBy(), trace.startedAt(), at,
			reservation.expireAfter(), trace.pid(), trace.fork());
		EventLog.appendJson(folder, notice.toJson());
	}
}
