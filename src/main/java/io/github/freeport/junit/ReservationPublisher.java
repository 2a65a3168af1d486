package io.github.freeport.junit;

import java.nio.file.Path;

/**
 * Publishes the event of a released {@code reserveForTest()} reservation. By default a line in the fork's
 * JSON Lines file; when freeport's extension runs on the test, also a report entry through its
 * {@code ExtensionContext}. Kept free of JUnit types, so that {@code reserveForTest()} loads no JUnit class
 * outside JUnit. Not API.
 */
@FunctionalInterface
interface ReservationPublisher {

	/** Publishes; never throws: a test does not fail for its log. */
	void publish(Path runFolder, TestScope scope, ScopedReservation reservation);

	/** The scope took a reservation: where the scope's end waits for one, it is arranged now. Does nothing by default. */
	default void adopted(TestScope scope) {
	}
}
