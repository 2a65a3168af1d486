package io.github.freeport.junit;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.apiguardian.api.API;
import org.junit.platform.engine.ConfigurationParameters;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Tells {@link TestScopes} which test or container each thread runs, for {@code Ports.reserveForTest()}.
 * Registered through {@code META-INF/services}, so the JUnit Platform launcher (Surefire, Failsafe, Gradle,
 * IDEs, the console launcher) loads it without configuration, and nothing else in freeport refers to it.
 *
 * <p>JUnit calls {@code executionStarted} and {@code executionFinished} of a test or class on the thread that
 * runs it, with parallel execution on or off, and before its {@code @BeforeAll}/{@code @BeforeEach} and after
 * its {@code @AfterEach}/{@code @AfterAll} and extensions' clean-up; {@code ReserveForTestTests} checks it
 * on every JUnit version the build tests. The engine's own node is the exception: under parallel execution it
 * starts on a worker and finishes on the launcher's thread, so scopes are found by unique id, not by thread.
 * Not API.
 */
@API(status = INTERNAL, since = "0.1")
public final class ScopeListener implements TestExecutionListener {

	private final Map<String, TestScope> scopes = new ConcurrentHashMap<>();
	private volatile TestRun run;

	@Override
	public void testPlanExecutionStarted(TestPlan testPlan) {
		TestRun started = new TestRun(new Parameters(testPlan.getConfigurationParameters()));
		run = started;
		TestScopes.runStarted(started);
	}

	@Override
	public void executionStarted(TestIdentifier testIdentifier) {
		scopes.put(testIdentifier.getUniqueId(), TestScopes.start(run, testIdentifier.getUniqueId(),
			testIdentifier.getDisplayName(), kind(testIdentifier)));
	}

	@Override
	public void executionFinished(TestIdentifier testIdentifier, TestExecutionResult testExecutionResult) {
		TestScope scope = scopes.remove(testIdentifier.getUniqueId());
		if (scope != null) {
			TestScopes.finish(scope);
		}
	}

	@Override
	public void testPlanExecutionFinished(TestPlan testPlan) {
		TestRun finished = run;
		// whatever a launcher failed to finish (it should not happen) ends with the run
		for (TestScope scope : scopes.values()) {
			TestScopes.finish(scope);
		}
		scopes.clear();
		if (finished != null) {
			TestScopes.runFinished(finished);
		}
	}

	private static String kind(TestIdentifier testIdentifier) {
		if (testIdentifier.isTest()) {
			return "test";
		}
		Optional<TestSource> source = testIdentifier.getSource();
		return source.isPresent() && source.get() instanceof ClassSource ? "class" : "container";
	}

	/** A test plan's configuration parameters, by key. */
	private static final class Parameters implements Function<String, Optional<String>> {

		private final ConfigurationParameters parameters;

		Parameters(ConfigurationParameters parameters) {
			this.parameters = parameters;
		}

		@Override
		public Optional<String> apply(String key) {
			return parameters.get(key);
		}
	}
}
