package io.github.freeport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.freeport.config.Configuration;
import io.github.freeport.crossprocess.IsolatedConfiguration;
import io.github.freeport.crossprocess.WorkerJvm;
import io.github.freeport.testsupport.GarbageCollection;
import io.github.freeport.testsupport.LoggedWarnings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * A reservation made with {@code Ports} that becomes unreachable without {@code close()} is released and
 * named; a reservation a JUnit scope holds never is, while its scope lives.
 */
class LeakTests {

	@TempDir
	Path temp;

	@Test
	void aDroppedReservationIsReleasedWithOneWarningNamingPortProtocolAndFrame() {
		Configuration configuration = IsolatedConfiguration.forRegistry(temp.resolve("registry"), temp.resolve("logs"));
		try (LoggedWarnings warnings = LoggedWarnings.capture()) {
			Dropped dropped = reserveAndDrop(configuration);
			String port = " port " + dropped.port() + " ";
			GarbageCollection.awaitUntil("a warning about the dropped port", () -> !warnings.containing(port).isEmpty());

			assertThat(warnings.containing(port)).singleElement().asString()
				.startsWith("freeport: UDP port " + dropped.port() + " was never closed; released it when its PortReservation"
						+ " became unreachable. Reserved by " + dropped.frame() + " for leak test.");
			try (PortReservation again = ConfiguredRequests.request(configuration).protocol(Protocol.UDP).preferred(dropped.port())
				.range(dropped.port(), dropped.port()).exhaustionTimeout(Duration.ZERO).reserve()) {
				assertThat(again.port()).as("the dropped lease was released").isEqualTo(dropped.port());
			}
		}
	}

	@Test
	void anotherJvmLeasesThePortOnceTheDroppedReservationIsCollected() {
		Path registry = temp.resolve("registry");
		Configuration configuration = IsolatedConfiguration.forRegistry(registry, temp.resolve("logs"));
		try (WorkerJvm other = WorkerJvm.start(registry, temp); LoggedWarnings warnings = LoggedWarnings.capture()) {
			PortReservation reservation = ConfiguredRequests.request(configuration).owner("leak test").reserve();
			int port = reservation.port();
			assertThat(other.ask("TRY " + port, "REFUSED")).contains("leased by another process, pid "
					+ ProcessHandle.current().pid());

			reservation = null; // dropped without close()

			GarbageCollection.awaitUntil("the other JVM leases port " + port,
				() -> other.send("TRY " + port).next(WorkerJvm.ANSWER_TIMEOUT).equals("LEASED " + port));
			GarbageCollection.awaitUntil("the warning about port " + port,
				() -> !warnings.containing("TCP port " + port + " was never closed").isEmpty());
			assertThat(warnings.containing(" port " + port + " ")).hasSize(1);
		}
	}

	@Test
	void aClosedReservationIsNeverReportedWhenItsHandleIsCollected() {
		Configuration configuration = IsolatedConfiguration.forRegistry(temp.resolve("registry"), temp.resolve("logs"));
		try (LoggedWarnings warnings = LoggedWarnings.capture()) {
			int closed = reserveCloseAndDrop(configuration);
			Dropped canary = reserveAndDrop(configuration);
			GarbageCollection.awaitUntil("the canary's warning", () -> !warnings.containing(" port " + canary.port() + " ").isEmpty());

			assertThat(warnings.containing(" port " + closed + " ")).isEmpty();
		}
	}

	@Test
	void freePortReservationsAreNotReleasedByTheCollectorWhileTheirScopeLives() {
		ScopedTestCase.CHECKED.clear();
		try (LoggedWarnings warnings = LoggedWarnings.capture()) {
			EngineTestKit.engine("junit-jupiter").selectors(selectClass(ScopedTestCase.class))
				.configurationParameter(FreePort.LOG_DIR_PROPERTY_NAME, temp.resolve("logs").toString())
				.execute().testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));

			assertThat(ScopedTestCase.CHECKED).hasSize(3).allMatch(PortReservation::isReleased);
			GarbageCollection.awaitUntil("the canary's warning",
				() -> !warnings.containing(" port " + ScopedTestCase.canaryPort + " was never closed").isEmpty());
			for (PortReservation scoped : ScopedTestCase.CHECKED) {
				assertThat(warnings.containing(" port " + scoped.port() + " ")).as("warnings about %s", scoped).isEmpty();
			}
		}
	}

	static class ScopedTestCase {

		static final List<PortReservation> CHECKED = new CopyOnWriteArrayList<>();
		static int canaryPort;

		@FreePort
		static PortReservation classPort;

		@FreePort
		PortReservation instancePort;

		@Test
		void keepsItsPortsThroughCollections(@FreePort PortReservation parameterPort, @TempDir Path canaryFolder) {
			Configuration configuration = Configuration.fromSystem(); // the registry the extension uses here
			AllocationTrace canary = dropCanary(ConfiguredRequests.request(IsolatedConfiguration.forRegistry(
				canaryFolder.resolve("registry"), canaryFolder.resolve("logs"))));
			canaryPort = canary.port();
			GarbageCollection.awaitUntil("the canary is released by the cleaner", () -> canary.releasedAt() != null);

			for (PortReservation scoped : List.of(classPort, instancePort, parameterPort)) {
				assertThat(scoped.isReleased()).as("%s released while its scope lives", scoped).isFalse();
				assertThatThrownBy(() -> ConfiguredRequests.request(configuration).preferred(scoped.port()).range(scoped.port(), scoped.port())
					.exhaustionTimeout(Duration.ZERO).reserve()).isInstanceOf(PortsExhaustedException.class);
				CHECKED.add(scoped);
			}
		}

		/** Reserves and drops a reservation; its trace, which the handle does not keep alive, tells when it is released. */
		private static AllocationTrace dropCanary(PortRequest request) {
			return request.owner("canary").reserve().trace();
		}
	}

	private record Dropped(int port, String frame) {
	}

	/** Reserves on one line and names that line as {@code Class.method(File.java:line)}. */
	private static Dropped reserveAndDrop(Configuration configuration) {
		PortReservation reservation = ConfiguredRequests.request(configuration).protocol(Protocol.UDP).owner("leak test").reserve(); StackTraceElement here = new Throwable().getStackTrace()[0];
		return new Dropped(reservation.port(), here.getClassName() + "." + here.getMethodName() + "(" + here.getFileName()
				+ ":" + here.getLineNumber() + ")");
	}

	private static int reserveCloseAndDrop(Configuration configuration) {
		PortReservation reservation = ConfiguredRequests.request(configuration).owner("closed in time").reserve();
		reservation.close();
		return reservation.port();
	}
}
