package io.github.freeport.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.github.freeport.FreePort;
import io.github.freeport.PortReservation;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.OutputDirectoryCreator;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.reporting.FileEntry;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.EventType;

/** Runs fixtures through the Jupiter engine and reads what they published: entries, files, JSON Lines. */
class PublishedEventsTests {

	@TempDir
	Path logDir;

	@TempDir
	Path outputDir;

	EngineExecutionResults run(Class<?> testCase) {
		return run(testCase, Map.of());
	}

	EngineExecutionResults run(Class<?> testCase, Map<String, String> parameters) {
		return EngineTestKit.engine("junit-jupiter").configurationParameter(FreePort.LOG_DIR_PROPERTY_NAME, logDir.toString())
			.configurationParameter(FreePort.RUN_ID_PROPERTY_NAME, "run-42").configurationParameters(parameters)
			.outputDirectoryCreator(new FolderPerTest(outputDir))
			.selectors(selectClass(testCase)).execute();
	}

	@Test
	void logsOneEventPerReservationWithItsScopeAndRelease() throws Exception {
		run(ScopesTestCase.class).testEvents().assertStatistics(stats -> stats.succeeded(1));
		Path runFolder = logDir.resolve("run-42");
		List<AllocationEvent> events = RunEvents.read(runFolder).events();
		assertThat(events).extracting(AllocationEvent::scope)
			.containsExactlyInAnyOrder("static field", "instance field", "constructor", "parameter");
		assertThat(events).allSatisfy(event -> {
			assertThat(event.run()).isEqualTo("run-42");
			assertThat(event.pid()).isEqualTo(ProcessHandle.current().pid());
			assertThat(event.releasedAt()).isNotNull().isAfterOrEqualTo(event.startedAt());
			assertThat(event.test()).startsWith("[engine:junit-jupiter]/[class:" + ScopesTestCase.class.getName() + "]");
		});
		AllocationEvent parameter = events.stream().filter(e -> e.scope().equals("parameter")).findFirst().orElseThrow();
		assertThat(parameter.displayName()).isEqualTo("a \"quoted\" <name> \\ with ✓");
		assertThat(parameter.element()).startsWith("parameter [int port] in method [void ");
		assertThat(parameter.port()).isEqualTo(ScopesTestCase.parameterPort);
		assertThat(Files.readAllLines(EventLog.eventsFile(runFolder))).hasSize(4);
	}

	@Test
	void publishesAReportEntryPerReservationAndAttachesNoFileWhereNothingKeepsThem() {
		EngineExecutionResults results = run(ScopesTestCase.class);
		assertThat(results.allEvents().reportingEntryPublished().count()).isEqualTo(4);
		assertThat(results.allEvents().filter(e -> e.getType() == EventType.FILE_ENTRY_PUBLISHED)).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "junit.platform.reporting.open.xml.enabled", "freeport.log.attach" })
	void publishesAReportEntryAndAFilePerReservationWhereOpenTestReportingIsOnOrWhenToldTo(String key) throws Exception {
		EngineExecutionResults results = run(ScopesTestCase.class, Map.of(key, "true"));
		List<Map<String, String>> entries = results.allEvents().reportingEntryPublished()
			.map(event -> event.getRequiredPayload(ReportEntry.class).getKeyValuePairs()).collect(Collectors.toList());
		assertThat(entries).hasSize(4).allSatisfy(entry -> assertThat(entry)
			.containsKeys("freeport.port", "freeport.scope", "freeport.refused", "freeport.duration", "freeport.event"));
		Event parameterEntry = results.allEvents().reportingEntryPublished().stream()
			.filter(e -> e.getRequiredPayload(ReportEntry.class).getKeyValuePairs().get("freeport.scope").startsWith("parameter"))
			.findFirst().orElseThrow();
		assertThat(parameterEntry.getTestDescriptor().getDisplayName()).isEqualTo("a \"quoted\" <name> \\ with ✓");
		List<FileEntry> files = results.allEvents().filter(e -> e.getType() == EventType.FILE_ENTRY_PUBLISHED)
			.map(e -> e.getRequiredPayload(FileEntry.class)).collect(Collectors.toList());
		assertThat(files).hasSize(4).allSatisfy(file -> {
			assertThat(file.getPath().getFileName().toString()).startsWith("freeport-tcp-").endsWith(".txt");
			assertThat(file.getMediaType()).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
			assertThat(Files.readString(file.getPath())).startsWith("freeport reservation ").contains("port:      TCP ");
		});
	}

	@Test
	void attachesNoFileWhenToldNotTo() throws Exception {
		EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
			.configurationParameter(FreePort.LOG_DIR_PROPERTY_NAME, logDir.toString())
			.configurationParameter(FreePort.RUN_ID_PROPERTY_NAME, "run-43").configurationParameter("freeport.log.attach", "false")
			.outputDirectoryCreator(new FolderPerTest(outputDir)).selectors(selectClass(ScopesTestCase.class)).execute();
		results.testEvents().assertStatistics(stats -> stats.succeeded(1));
		assertThat(results.allEvents().filter(e -> e.getType() == EventType.FILE_ENTRY_PUBLISHED)).isEmpty();
		assertThat(results.allEvents().reportingEntryPublished().count()).isEqualTo(4);
		assertThat(Files.readAllLines(EventLog.eventsFile(logDir.resolve("run-43")))).hasSize(4);
	}

	@Test
	void anInvalidAttachSettingFailsTheDeclarationNamingKeyValueAndWhatIsAllowed() {
		EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
			.configurationParameter(FreePort.LOG_DIR_PROPERTY_NAME, logDir.toString())
			.configurationParameter("freeport.log.attach", "sometimes").outputDirectoryCreator(new FolderPerTest(outputDir))
			.selectors(selectClass(ParameterOnlyTestCase.class)).execute();
		results.testEvents().assertStatistics(stats -> stats.failed(1));
		Throwable failure = results.testEvents().failed().stream().findFirst().orElseThrow()
			.getRequiredPayload(org.junit.platform.engine.TestExecutionResult.class).getThrowable().orElseThrow();
		assertThat(failure).hasMessageContaining("Invalid value 'sometimes' for freeport.log.attach")
			.hasMessageContaining("expected 'true' or 'false'");
	}

	@Test
	void eventsFileDeletedWhileOpenIsCreatedAgain() throws Exception {
		run(ParameterOnlyTestCase.class).testEvents().assertStatistics(stats -> stats.succeeded(1));
		Path events = EventLog.eventsFile(logDir.resolve("run-42"));
		assertThat(Files.readAllLines(events)).hasSize(1);
		try (var files = Files.list(events.getParent())) {
			for (Path file : files.collect(Collectors.toList())) {
				Files.delete(file);
			}
		}
		Files.delete(events.getParent());
		run(ParameterOnlyTestCase.class).testEvents().assertStatistics(stats -> stats.succeeded(1));
		assertThat(Files.readAllLines(events)).as("the file kept open was deleted: a new one holds the next event").hasSize(1);
	}

	static class ParameterOnlyTestCase {

		@Test
		void test(@FreePort int port) {
			assertThat(port).isPositive();
		}
	}

	/** A folder per test descriptor, as the launcher's own creator makes. */
	record FolderPerTest(Path root) implements OutputDirectoryCreator {

		@Override
		public Path getRootDirectory() {
			return root;
		}

		@Override
		public Path createOutputDirectory(TestDescriptor descriptor) throws IOException {
			return Files.createDirectories(root.resolve(descriptor.getUniqueId().toString().replaceAll("[^A-Za-z0-9._-]", "_")));
		}
	}

	static class ScopesTestCase {

		@FreePort
		static int staticPort;

		@FreePort
		int instancePort;

		static int parameterPort;

		ScopesTestCase(@FreePort PortReservation constructorPort) {
			assertThat(constructorPort.isReleased()).isFalse();
		}

		@Test
		@DisplayName("a \"quoted\" <name> \\ with ✓")
		void test(@FreePort int port) {
			parameterPort = port;
			assertThat(List.of(staticPort, instancePort, port)).doesNotHaveDuplicates();
		}
	}
}
