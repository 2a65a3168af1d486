package io.github.freeport.junit;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;

import io.github.freeport.allocation.EphemeralRange;
import io.github.freeport.logs.EventLog;
import io.github.freeport.logs.LauncherSessions;
import io.github.freeport.logs.RunReport;
import io.github.freeport.logs.UnclosedReservations;
import org.apiguardian.api.API;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Writes the run report when a launcher session ends, for every run folder this JVM logged to, and prints
 * the run's summary line once. Registered through {@code META-INF/services}, so only a JUnit Platform
 * launcher ever loads it; nothing else in freeport refers to it, which keeps {@code junit-platform-launcher}
 * an optional dependency. Never fails the session: problems are logged as warnings.
 */
@API(status = INTERNAL, since = "0.1")
public final class RunReportSessionListener implements LauncherSessionListener {

	@Override
	public void launcherSessionOpened(LauncherSession session) {
		LauncherSessions.opened();
		// the OS range for each fork's configuration file, read then (after the first allocation, which read it)
		EventLog.describeEphemeralRangeWith(HostDescription.INSTANCE);
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
			System.getLogger(RunReportSessionListener.class.getPackageName()).log(Level.WARNING,
				"freeport cannot list the reservations still open: " + e);
		}
		finally {
			LauncherSessions.closed();
		}
		EventLog.closeAll();
		for (Path folder : EventLog.foldersToReport()) {
			if (!Files.isDirectory(folder)) {
				continue; // removed meanwhile, e.g. a test's temporary folder
			}
			try {
				RunReport.writeAndAnnounce(folder);
			}
			catch (RuntimeException e) {
				System.getLogger(RunReportSessionListener.class.getPackageName()).log(Level.WARNING,
					"freeport cannot write the run report in " + folder + ": " + e);
			}
		}
	}

	/** The OS ephemeral range as a fork's configuration names it; a class, not a lambda, on the session's way in. */
	private enum HostDescription implements java.util.function.Supplier<String> {
		INSTANCE;

		@Override
		public String get() {
			return EphemeralRange.detect().toString();
		}
	}
}
