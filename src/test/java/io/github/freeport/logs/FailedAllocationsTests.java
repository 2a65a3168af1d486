package io.github.freeport.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.github.freeport.ConfiguredRequests;
import io.github.freeport.FreePort;
import io.github.freeport.PortRequest;
import io.github.freeport.PortReservation;
import io.github.freeport.PortsExhaustedException;
import io.github.freeport.Protocol;
import io.github.freeport.config.Configuration;
import io.github.freeport.crossprocess.IsolatedConfiguration;
import io.github.freeport.crossprocess.WorkerJvm;
import io.github.freeport.logs.FailedAllocation.Outcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * A {@code @FreePort} that cannot be served leaves a line in the JSON Lines file, a report entry on its
 * test and a row in the run report: an exhausted range (held by another JVM), an invalid request, an
 * interrupted wait.
 */
class FailedAllocationsTests {

	@TempDir
	Path temp;

	private EngineExecutionResults run(Class<?> testCase, Map<String, String> parameters) {
		var kit = EngineTestKit.engine("junit-jupiter").selectors(selectClass(testCase))
			.configurationParameter(FreePort.LOG_DIR_PROPERTY_NAME, temp.resolve("logs").toString())
			.configurationParameter(FreePort.RUN_ID_PROPERTY_NAME, "failures")
			.configurationParameter(FreePort.REGISTRY_DIR_PROPERTY_NAME, temp.resolve("registry").toString());
		parameters.forEach(kit::configurationParameter);
		return kit.execute();
	}

	/** What a programmatic request in these tests is configured with: the folders of the engine runs. */
	private Configuration programmaticConfiguration() {
		return Configuration.of(Map.of(FreePort.REGISTRY_DIR_PROPERTY_NAME, temp.resolve("registry").toString(),
			FreePort.LOG_DIR_PROPERTY_NAME, temp.resolve("logs").toString(), FreePort.RUN_ID_PROPERTY_NAME, "failures"), Map.of());
	}

	private RunReport report() {
		return RunReport.read(temp.resolve("logs/failures"));
	}

	private static List<Map<String, String>> entries(EngineExecutionResults results) {
		return results.allEvents().reportingEntryPublished()
			.map(event -> event.getRequiredPayload(ReportEntry.class).getKeyValuePairs()).collect(Collectors.toList());
	}

	@Test
	void anExhaustedRangeNamesTheOtherJvmThatHoldsIt() throws Exception {
		int first = freeBlockOfTwo();
		String range = first + "-" + (first + 1);
		try (WorkerJvm holder = WorkerJvm.start(temp.resolve("registry"), temp)) {
			assertThat(WorkerJvm.ports(holder.ask("LEASE " + range.replace('-', ' ') + " 2", "LEASED")))
				.containsExactlyInAnyOrder(first, first + 1);

			EngineExecutionResults results = run(NeedsAPortTestCase.class, Map.of(FreePort.RANGE_PROPERTY_NAME, range,
				FreePort.EXHAUSTION_TIMEOUT_PROPERTY_NAME, "300ms", FreePort.QUARANTINE_PROPERTY_NAME, "0s"));

			results.testEvents().assertStatistics(stats -> stats.failed(1));
			FailedAllocation failure = report().failures().get(0);
			assertThat(report().failures()).hasSize(1);
			assertThat(failure.outcome()).isEqualTo(Outcome.EXHAUSTED);
			assertThat(failure.test()).isEqualTo("[engine:junit-jupiter]/[class:" + NeedsAPortTestCase.class.getName()
					+ "]/[method:needsAPort(int)]");
			assertThat(failure.displayName()).isEqualTo("needsAPort(int)");
			assertThat(failure.scope()).isEqualTo("parameter");
			assertThat(failure.element()).isEqualTo("parameter [int port] in method [void " + NeedsAPortTestCase.class.getName()
					+ ".needsAPort(int)]");
			assertThat(failure.range()).isEqualTo(range);
			assertThat(failure.protocol()).isEqualTo(Protocol.TCP);
			assertThat(failure.count()).isEqualTo(1);
			assertThat(failure.message()).startsWith("No free TCP port for [engine:junit-jupiter]").contains("after waiting 300 ms");
			assertThat(failure.holders().entrySet()).singleElement().satisfies(named -> {
				assertThat(named.getKey()).contains("pid " + holder.pid() + " (lease worker)");
				assertThat(named.getValue()).containsExactlyInAnyOrder(first, first + 1);
			});

			assertThat(entries(results)).singleElement().satisfies(entry -> {
				assertThat(entry.get("freeport.failed")).isEqualTo("exhausted: a TCP port in " + range);
				assertThat(entry.get("freeport.error")).isEqualTo(failure.message());
				assertThat(entry.get("freeport.event")).contains("\"kind\":\"failed\"", "\"outcome\":\"EXHAUSTED\"");
			});
			RunReport.write(temp.resolve("logs/failures"));
			assertThat(Files.readString(temp.resolve("logs/failures/report.html"))).contains("Failed allocations",
				"exhausted", "pid " + holder.pid() + " (lease worker)", "needsAPort(int)");
			assertThat(report().summaryLine()).contains("; 1 failed allocations");
		}
	}

	@Test
	void anInvalidRequestIsLoggedWithTheTextThatFailed() {
		EngineExecutionResults results = run(InvalidTestCase.class, Map.of());

		results.testEvents().assertStatistics(stats -> stats.failed(1));
		assertThat(report().failures()).singleElement().satisfies(failure -> {
			assertThat(failure.outcome()).isEqualTo(Outcome.INVALID);
			assertThat(failure.range()).isEqualTo("9-1");
			assertThat(failure.preferred()).containsExactly(8080);
			assertThat(failure.count()).isEqualTo(2);
			assertThat(failure.protocol()).isEqualTo(Protocol.UDP);
			assertThat(failure.message()).startsWith("Invalid @FreePort(range = \"9-1\") on parameter [int[] ports]");
			assertThat(failure.holders()).isEmpty();
		});
		assertThat(entries(results)).singleElement().satisfies(entry -> assertThat(entry.get("freeport.failed"))
			.isEqualTo("invalid request: 2 UDP ports in 9-1 preferring [8080]"));
	}

	@Test
	void aFieldOfAWrongTypeIsLoggedOnItsClass() {
		run(WrongTypeTestCase.class, Map.of()).containerEvents().assertStatistics(stats -> stats.failed(1));

		assertThat(report().failures()).singleElement().satisfies(failure -> {
			assertThat(failure.outcome()).isEqualTo(Outcome.INVALID);
			assertThat(failure.test()).isEqualTo("[engine:junit-jupiter]/[class:" + WrongTypeTestCase.class.getName() + "]");
			assertThat(failure.scope()).isEqualTo("static field");
			assertThat(failure.message()).startsWith("Can only resolve @FreePort field [static java.lang.String ");
		});
	}

	@Test
	void anInterruptedThreadGetsNoPortAndTheLogSaysWhy() {
		EngineExecutionResults results = run(InterruptedTestCase.class, Map.of());

		results.testEvents().assertStatistics(stats -> stats.failed(1));
		assertThat(report().failures()).singleElement().satisfies(failure -> {
			assertThat(failure.outcome()).isEqualTo(Outcome.INTERRUPTED);
			assertThat(failure.message()).startsWith("Interrupted while looking for a free TCP port in ");
		});
		assertThat(entries(results)).singleElement().satisfies(entry -> assertThat(entry.get("freeport.failed"))
			.startsWith("interrupted: a TCP port in "));
	}

	@Test
	void aFailedProgrammaticRequestIsLoggedWithItsFrameDuringALauncherSession() throws Exception {
		Configuration configuration = programmaticConfiguration();
		StackTraceElement[] here = new StackTraceElement[1];
		try (LauncherSession session = LauncherFactory.openSession();
				PortReservation taken = ConfiguredRequests.request(configuration).owner("the neighbour").reserve()) {
			int port = taken.port();
			PortRequest request = ConfiguredRequests.request(configuration).range(port, port).exhaustionTimeout(Duration.ZERO).owner("helper");
			RuntimeException error = null;
			try {
				here[0] = new Throwable().getStackTrace()[0]; request.reserve().close();
			}
			catch (RuntimeException e) {
				error = e;
			}
			assertThat(error).isInstanceOf(PortsExhaustedException.class);
		}
		assertThat(report().failures()).singleElement().satisfies(failure -> {
			assertThat(failure.outcome()).isEqualTo(Outcome.EXHAUSTED);
			assertThat(failure.test()).isEqualTo("helper");
			assertThat(failure.scope()).isEqualTo("programmatic");
			assertThat(failure.element()).isEqualTo(here[0].getClassName() + "." + here[0].getMethodName() + "("
					+ here[0].getFileName() + ":" + here[0].getLineNumber() + ")");
			assertThat(failure.holders().keySet()).singleElement().asString()
				.isEqualTo("leased in this JVM by the neighbour (pid " + ProcessHandle.current().pid() + ")");
		});
	}

	@Test
	void aFailedReserveForTestIsLoggedWithTheTestThatAsked() throws Exception {
		Configuration configuration = programmaticConfiguration();
		try (LauncherSession session = LauncherFactory.openSession();
				PortReservation taken = ConfiguredRequests.request(configuration).owner("the neighbour").reserve()) {
			PortRequest request = ConfiguredRequests.request(configuration).range(taken.port(), taken.port()).exhaustionTimeout(Duration.ZERO);
			assertThatThrownBy(request::reserveForTest).isInstanceOf(PortsExhaustedException.class);
		}
		assertThat(report().failures()).singleElement().satisfies(failure -> {
			assertThat(failure.outcome()).isEqualTo(Outcome.EXHAUSTED);
			assertThat(failure.test()).endsWith("/[class:" + getClass().getName()
					+ "]/[method:aFailedReserveForTestIsLoggedWithTheTestThatAsked()]");
			assertThat(failure.scope()).isEqualTo("programmatic");
		});
	}

	/** Two consecutive ports free right now, found in a registry of their own. */
	private int freeBlockOfTwo() {
		List<PortReservation> block = ConfiguredRequests.request(IsolatedConfiguration.forRegistry(temp.resolve("finder"), temp.resolve("finder-logs")))
			.range(20000, 29999).reserveBlock(2);
		block.forEach(PortReservation::close);
		return block.get(0).port();
	}

	static class NeedsAPortTestCase {

		@Test
		void needsAPort(@FreePort int port) {
		}
	}

	static class InvalidTestCase {

		@Test
		void needsPorts(@FreePort(range = "9-1", preferred = 8080, count = 2, protocol = Protocol.UDP) int[] ports) {
		}
	}

	static class WrongTypeTestCase {

		@FreePort
		static String port;

		@Test
		void neverRuns() {
		}
	}

	static class InterruptedTestCase {

		@BeforeEach
		void interrupt() {
			Thread.currentThread().interrupt();
		}

		@Test
		void needsAPort(@FreePort int port) {
		}

		@AfterEach
		void clearInterrupt() {
			Thread.interrupted();
		}
	}
}
