package io.github.freeport.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.freeport.ConfiguredRequests;
import io.github.freeport.FreePort;
import io.github.freeport.PortReservation;
import io.github.freeport.config.Configuration;
import io.github.freeport.logs.LeaseNotice.Kind;
import io.github.freeport.testsupport.GarbageCollection;
import io.github.freeport.testsupport.JavaProcess;
import io.github.freeport.testsupport.LoggedWarnings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Reservations made with {@code Ports} that were not closed, in the allocation log and the run report:
 * still open when a launcher session ends, expired, leaked.
 */
class UnclosedReservationsTests {

	@TempDir
	Path temp;

	private Configuration configuration() {
		return Configuration.of(Map.of(FreePort.REGISTRY_DIR_PROPERTY_NAME, temp.resolve("registry").toString(),
			FreePort.LOG_DIR_PROPERTY_NAME, temp.resolve("logs").toString(), FreePort.RUN_ID_PROPERTY_NAME, "unclosed"), Map.of());
	}

	private Path runFolder() {
		return temp.resolve("logs/unclosed");
	}

	@Test
	void reservationsStillOpenWhenTheSessionEndsAreListedWithTheirFrameAndAge() throws Exception {
		PortReservation fromBefore = ConfiguredRequests.request(configuration()).owner("before the session").reserve();
		PortReservation stillOpen;
		StackTraceElement here;
		try (LauncherSession session = LauncherFactory.openSession()) {
			stillOpen = ConfiguredRequests.request(configuration()).owner("kept open").reserve(); here = new Throwable().getStackTrace()[0];
			ConfiguredRequests.request(configuration()).owner("closed in time").reserve().close();
		}
		try {
			RunReport report = RunReport.read(runFolder());
			assertThat(report.notices()).singleElement().satisfies(notice -> {
				assertThat(notice.kind()).isEqualTo(Kind.STILL_HELD);
				assertThat(notice.port()).isEqualTo(stillOpen.port());
				assertThat(notice.owner()).isEqualTo("kept open");
				assertThat(notice.reservedBy()).isEqualTo(frame(here));
				assertThat(notice.reservedAt()).isEqualTo(stillOpen.trace().startedAt());
				assertThat(notice.held()).isPositive();
				assertThat(notice.pid()).isEqualTo(ProcessHandle.current().pid());
			});
			assertThat(Files.readString(runFolder().resolve(RunReport.FILE_NAME))).contains("Reservations not closed",
				"still-held", "TCP " + stillOpen.port(), frame(here));
			assertThat(stillOpen.isReleased()).as("listed, not released: the JVM releases it when it exits").isFalse();
		}
		finally {
			stillOpen.close();
			fromBefore.close();
		}
	}

	@Test
	void anExpiryIsRecordedInTheAllocationLog() throws Exception {
		int port;
		try (LauncherSession session = LauncherFactory.openSession(); LoggedWarnings warnings = LoggedWarnings.capture()) {
			int expiring = ConfiguredRequests.request(configuration()).expireAfter(Duration.ofMillis(200)).reserve().port();
			port = expiring;
			await("the expiry's warning").atMost(Duration.ofSeconds(30))
				.until(() -> !warnings.containing(" port " + port + " ").isEmpty());
		}
		assertThat(RunReport.read(runFolder()).notices()).singleElement().satisfies(notice -> {
			assertThat(notice.kind()).isEqualTo(Kind.EXPIRED);
			assertThat(notice.port()).isEqualTo(port);
			assertThat(notice.expireAfter()).isEqualTo(Duration.ofMillis(200));
			assertThat(notice.reservedBy()).startsWith(getClass().getName() + ".anExpiryIsRecordedInTheAllocationLog(");
			assertThat(notice.describe()).startsWith("TCP port " + port + " expired after 200 ms without close(): released");
		});
	}

	@Test
	void aLeakIsRecordedInTheAllocationLog() throws Exception {
		int port;
		try (LauncherSession session = LauncherFactory.openSession(); LoggedWarnings warnings = LoggedWarnings.capture()) {
			port = reserveAndDrop();
			GarbageCollection.awaitUntil("the leak's warning", () -> !warnings.containing(" port " + port + " ").isEmpty());
		}
		assertThat(RunReport.read(runFolder()).notices()).singleElement().satisfies(notice -> {
			assertThat(notice.kind()).isEqualTo(Kind.LEAKED);
			assertThat(notice.port()).isEqualTo(port);
			assertThat(notice.reservedBy()).startsWith(getClass().getName() + ".reserveAndDrop(UnclosedReservationsTests.java:");
		});
		assertThat(RunReport.read(runFolder()).summaryLine()).contains("; 1 reservations not closed");
	}

	@Test
	void outsideALauncherSessionThereIsAWarningAndNoFile() throws Exception {
		Path logDir = temp.resolve("child-logs");
		try (JavaProcess child = JavaProcess.start(OutsideSessionMain.class, List.of("-Dfreeport.registry.dir="
				+ temp.resolve("registry"), "-Dfreeport.log.dir=" + logDir))) {
			assertThat(child.awaitLine("FAILED", 60)).isEqualTo("FAILED PortsExhaustedException");
			String port = child.awaitLine("DONE", 60).substring("DONE ".length());
			assertThat(child.awaitExit(60)).isZero();

			assertThat(child.output()).anySatisfy(line -> assertThat(line)
				.startsWith("WARNING: freeport: TCP port " + port + " expired after 100 ms without close(); released it."));
			assertThat(logDir).doesNotExist();
		}
	}

	private int reserveAndDrop() {
		return ConfiguredRequests.request(configuration()).reserve().port();
	}

	private static String frame(StackTraceElement element) {
		return element.getClassName() + "." + element.getMethodName() + "(" + element.getFileName() + ":"
				+ element.getLineNumber() + ")";
	}
}
