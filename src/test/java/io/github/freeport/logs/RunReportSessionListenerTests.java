package io.github.freeport.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

import java.nio.file.Files;
import java.nio.file.Path;

import io.github.freeport.FreePort;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/** The listener is found through META-INF/services and writes the report when the session closes. */
class RunReportSessionListenerTests {

	@TempDir
	Path logDir;

	@Test
	void writesTheRunReportWhenTheLauncherSessionCloses() throws Exception {
		SummaryGeneratingListener summary = new SummaryGeneratingListener();
		try (LauncherSession session = LauncherFactory.openSession()) {
			session.getLauncher().execute(request().selectors(selectClass(PublishedEventsTests.ScopesTestCase.class))
				.configurationParameter(FreePort.LOG_DIR_PROPERTY_NAME, logDir.toString())
				.configurationParameter(FreePort.RUN_ID_PROPERTY_NAME, "session-run")
				.configurationParameter("junit.jupiter.extensions.autodetection.enabled", "false").build(), summary);
			assertThat(logDir.resolve("session-run/report.html")).doesNotExist();
		}
		assertThat(summary.getSummary().getTestsSucceededCount()).isEqualTo(1);
		Path report = logDir.resolve("session-run/report.html");
		assertThat(report).exists();
		assertThat(Files.readString(report)).contains("static field", "instance field", "constructor", "parameter");
		assertThat(logDir.resolve("session-run/fork-" + ProcessHandle.current().pid() + ".open")).doesNotExist();
		assertThat(logDir.resolve("session-run/printed-4")).exists();
	}
}
