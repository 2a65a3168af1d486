package io.github.freeport.junit;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apiguardian.api.API;
import org.junit.platform.engine.TestExecutionResult;
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
 * starts on a worker and finishes on the launcher's thread, so scopes are found by their test, not by thread.
 *
 * <p>It runs in every JUnit JVM that has freeport on its class path, also where nothing reserves a port, so
 * it does as little as it can until {@code reserveForTest()} asks: a scope per test and container, which
 * keeps JUnit's {@link TestIdentifier} and formats nothing (no unique id, no configuration). Not API.
 */
@API(status = INTERNAL, since = "0.1")
public final class ScopeListener implements TestExecutionListener {

	/** The running scopes, by their test: a {@link TestIdentifier} is equal by its unique id, not formatted for it. */
	private final Map<TestIdentifier, TestScope> scopes = new ConcurrentHashMap<>();
	private volatile TestRun run;

	@Override
	public void testPlanExecutionStarted(TestPlan testPlan) {
		TestRun started = new TestRun(testPlan.getConfigurationParameters());
		run = started;
		TestScopes.runStarted(started);
	}

	@Override
	public void executionStarted(TestIdentifier testIdentifier) {
		scopes.put(testIdentifier, TestScopes.start(run, testIdentifier));
	}

	@Override
	public void executionFinished(TestIdentifier testIdentifier, TestExecutionResult testExecutionResult) {
		TestScope scope = scopes.remove(testIdentifier);
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
}
