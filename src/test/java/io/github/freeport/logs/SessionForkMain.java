package io.github.freeport.logs;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/**
 * A test fork as a build tool runs one: a launcher session (which loads freeport's session listener through
 * {@code META-INF/services}) that runs the test class named by the first argument, then {@code FINISHED} and
 * the number of tests that failed.
 */
public final class SessionForkMain {

	private SessionForkMain() {
	}

	public static void main(String[] args) throws ClassNotFoundException {
		SummaryGeneratingListener summary = new SummaryGeneratingListener();
		try (LauncherSession session = LauncherFactory.openSession()) {
			session.getLauncher().execute(request().selectors(selectClass(Class.forName(args[0]))).build(), summary);
		}
		summary.getSummary().getFailures().forEach(failure -> failure.getException().printStackTrace(System.out));
		System.out.println("FINISHED " + summary.getSummary().getTotalFailureCount() + " failed");
	}
}
