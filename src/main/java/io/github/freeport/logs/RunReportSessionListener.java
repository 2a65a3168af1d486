package io.github.freeport.logs;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Writes the run report when a launcher session ends, for every run folder this JVM logged to, and prints
 * the run's summary line once. Registered through {@code META-INF/services}, so only a JUnit Platform
 * launcher ever loads it; nothing else in freeport refers to it, which keeps {@code junit-platform-launcher}
 * an optional dependency. Never fails the session: problems are reported on standard error.
 */
public final class RunReportSessionListener implements LauncherSessionListener {

	@Override
	public void launcherSessionOpened(LauncherSession session) {
		LauncherSessions.opened();
		try {
			EventLog.markOpen(EventLog.runFolder(SessionConfiguration.read()));
		}
		catch (RuntimeException e) {
			// an invalid freeport.log.dir or run id is reported by the first reservation, with its key
		}
	}

	@Override
	public void launcherSessionClosed(LauncherSession session) {
		try {
			UnclosedReservations.listStillOpen(); // before the files are closed: it appends to them
		}
		catch (RuntimeException e) {
			System.err.println("[freeport] cannot list the reservations still open: " + e);
		}
		finally {
			LauncherSessions.closed();
		}
		EventLog.closeAll();
		for (Path folder : EventLog.foldersWritten()) {
			if (!Files.isDirectory(folder)) {
				continue; // removed meanwhile, e.g. a test's temporary folder
			}
			try {
				RunReport.writeAndAnnounce(folder);
			}
			catch (RuntimeException e) {
				System.err.println("[freeport] cannot write the run report in " + folder + ": " + e);
			}
		}
	}
}
