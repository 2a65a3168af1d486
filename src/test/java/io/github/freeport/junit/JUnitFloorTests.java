package io.github.freeport.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import java.util.stream.Collectors;

import io.github.freeport.FreePort;
import io.github.freeport.OccupiedPort;
import io.github.freeport.Ports;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * On a JUnit older than the supported minimum, every first use of freeport's JUnit glue fails with one
 * message that names the versions found, the minimum and the fix, never a {@code NoSuchMethodError}; on a
 * supported JUnit, nothing of the kind. The build runs this on JUnit 6.x, 5.14, 5.12 and on a real 5.11 (the
 * compatibility matrix), each leg telling through {@code compat.expected.jupiter} which side it is on.
 */
class JUnitFloorTests {

	private static final String RUNNING = System.getProperty("compat.expected.jupiter", "");

	@Test
	void theCheckAnswersForTheJUnitThisRuns() {
		assertThat(RUNNING).as("system property compat.expected.jupiter, set by the build").isNotBlank();
		if (supported()) {
			assertThat(JUnitFloor.problem()).isEmpty();
		}
		else {
			assertThat(JUnitFloor.problem()).hasValueSatisfying(message -> assertThat(message)
				.startsWith("freeport needs JUnit 5.12 or later")
				.contains("this test runs on JUnit Jupiter " + RUNNING + " with JUnit Platform " + platformOf(RUNNING))
				.contains("org.junit:junit-bom").contains("junit-jupiter.version"));
		}
	}

	@Test
	void everyFirstUseFailsWithThatOneMessageOnAnOlderJUnit() {
		List<Class<?>> uses = List.of(StaticFieldTestCase.class, ParameterTestCase.class, OccupiedPortTestCase.class,
			HelperTestCase.class);
		for (Class<?> use : uses) {
			EngineExecutionResults results = EngineTestKit.engine("junit-jupiter").selectors(selectClass(use))
				.configurationParameter("freeport.log.attach", "false").execute();
			List<Throwable> failures = results.allEvents().failed().stream()
				.map(event -> event.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow())
				.collect(Collectors.toList());
			if (supported()) {
				assertThat(failures).as(use.getSimpleName()).isEmpty();
				assertThat(results.testEvents().succeeded().count()).as(use.getSimpleName()).isEqualTo(1);
			}
			else {
				assertThat(failures).as(use.getSimpleName()).singleElement().satisfies(failure -> {
					assertThat(failure.getMessage()).isEqualTo(JUnitFloor.problem().orElseThrow());
					assertThat(failure.getCause()).as("a clear message, not a wrapped linkage error").isNull();
				});
			}
		}
	}

	/** Whether the running JUnit Jupiter is 5.12 or later. */
	private static boolean supported() {
		String[] parts = RUNNING.split("\\.");
		int major = Integer.parseInt(parts[0]);
		return major > 5 || major == 5 && Integer.parseInt(parts[1]) >= 12;
	}

	/** Jupiter 5.x goes with Platform 1.x of the same minor and patch. */
	private static String platformOf(String jupiter) {
		return jupiter.startsWith("5.") ? "1." + jupiter.substring(2) : jupiter;
	}

	static class StaticFieldTestCase {

		@FreePort
		static int port;

		@Test
		void usesIt() {
			assertThat(port).isPositive();
		}
	}

	static class ParameterTestCase {

		@Test
		void usesIt(@FreePort int port) {
			assertThat(port).isPositive();
		}
	}

	static class OccupiedPortTestCase {

		@Test
		void usesIt(@OccupiedPort int port) {
			assertThat(port).isPositive();
		}
	}

	static class HelperTestCase {

		@Test
		void usesIt() {
			assertThat(Ports.reserveForTest().port()).isPositive();
		}
	}
}
