package io.github.freeport.junit;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.github.freeport.PortReservation;
import io.github.freeport.logs.AllocationEvent;
import io.github.freeport.logs.EventLog;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Publishes a released reservation's event where its test's readers look: a report entry and an
 * attached text file of the JUnit scope, and a line in the fork's JSON Lines file. Called by the JUnit
 * extension when a scope closes, never on the allocation path. Not API.
 */
@API(status = INTERNAL, since = "0.1")
public final class EventPublisher {

	private static volatile boolean fileWarned;

	private EventPublisher() {
	}

	/**
	 * Publishes the reservation's event. Never throws: a test does not fail for its log.
	 *
	 * @param scope {@code parameter}, {@code constructor}, {@code instance field} or {@code static field}
	 * @param element the declaration, as in error messages
	 * @param attach whether to attach the trace as a file too ({@code freeport.log.attach})
	 */
	public static void publish(ExtensionContext context, Path runFolder, String scope, String element,
			PortReservation reservation, boolean attach) {
		publish(context, runFolder, reservation.trace().owner(), scope, element, reservation, attach);
	}

	/**
	 * As {@link #publish(ExtensionContext, Path, String, String, PortReservation, boolean)}, for a test other
	 * than the lease's owner (a {@code reserveForTest()} reservation whose request named its own owner).
	 */
	public static void publish(ExtensionContext context, Path runFolder, String test, String scope, String element,
			PortReservation reservation, boolean attach) {
		AllocationEvent event = AllocationEvent.of(runFolder.getFileName().toString(), test, context.getDisplayName(),
			scope, element, reservation.trace());
		String json = event.toJson(); // once, for the JSON Lines file and the report entry
		EventLog.appendJson(runFolder, json);
		try {
			context.publishReportEntry(event.toReportEntry(json));
		}
		catch (RuntimeException e) {
			// the scope is closing: a launcher that refuses entries now loses only the entry
		}
		if (attach) {
			publishFile(context, runFolder, event);
		}
	}

	@SuppressWarnings("deprecation") // the extension.MediaType overload is the one JUnit 5.12 has; 6.x keeps it
	private static void publishFile(ExtensionContext context, Path runFolder, AllocationEvent event) {
		String name = "freeport-" + event.protocol().name().toLowerCase() + "-" + event.port() + "-" + event.id() + ".txt";
		try {
			context.publishFile(name, org.junit.jupiter.api.extension.MediaType.TEXT_PLAIN_UTF_8,
				path -> Files.writeString(path, event.toText(), StandardCharsets.UTF_8));
		}
		catch (RuntimeException | LinkageError e) {
			// LinkageError: a JUnit before 5.12, without publishFile
			if (!fileWarned) {
				fileWarned = true;
				System.getLogger(EventPublisher.class.getPackageName()).log(Level.WARNING, "freeport cannot attach the"
						+ " allocation trace to the test report (" + e + "); the JSON Lines files in " + runFolder + " have it");
			}
		}
	}
}
