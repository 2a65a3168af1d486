package io.github.freeport.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.github.freeport.FreePort;
import io.github.freeport.PortReservation;
import io.github.freeport.Ports;
import io.github.freeport.logs.AllocationEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * {@code Ports.reserveForTest()} from a static helper, as a migrated suite calls it: fixtures run through a
 * real JUnit Platform launcher, which finds {@link ScopeListener} through {@code META-INF/services} as
 * Surefire, Gradle and IDEs do (the engine test kit bypasses launcher listeners). Run on every JUnit of the
 * compatibility matrix, with parallel execution off and on (and JUnit 6.1's worker thread pool).
 */
class ReserveForTestTests {

	static final String ENGINE = "[engine:junit-jupiter]";

	/** What fixtures reserved, by a label saying where. */
	static final Map<String, PortReservation> RESERVED = new ConcurrentHashMap<>();
	/** What fixtures saw of their scope, by a label saying where. */
	static final Map<String, String> SCOPES = new ConcurrentHashMap<>();
	static final List<String> FAILURES = new CopyOnWriteArrayList<>();

	@TempDir
	Path logDir;

	/** The migrated helper: one line. */
	static final class FreePorts {

		static int freePort() {
			return Ports.reserveForTest().port();
		}

		static PortReservation reservation(String label) {
			PortReservation reservation = Ports.reserveForTest();
			RESERVED.put(label, reservation);
			return reservation;
		}
	}

	@BeforeEach
	void clear() {
		RESERVED.clear();
		SCOPES.clear();
		FAILURES.clear();
	}

	@Test
	void aTestsReservationsEndWithTheTestAndTheClassesWithTheClass() throws IOException {
		TestExecutionSummary summary = run(Map.of(), StaticInitialiserTestCase.class, LifecycleTestCase.class);
		assertThat(summary.getFailures()).extracting(failure -> failure.getException().toString()).isEmpty();
		assertThat(summary.getTestsSucceededCount()).isEqualTo(1 + 2);
		assertThat(RESERVED).containsOnlyKeys("static initialiser", "beforeAll", "beforeEach first()", "first()",
			"thread of first()", "afterEach first()", "beforeEach second()", "second()", "afterEach second()", "afterAll");
		assertThat(RESERVED.values()).allMatch(PortReservation::isReleased);
		assertThat(owner("static initialiser")).isEqualTo(ENGINE + "/[class:" + StaticInitialiserTestCase.class.getName() + "]");
		String testClass = ENGINE + "/[class:" + LifecycleTestCase.class.getName() + "]";
		assertThat(owner("beforeAll")).isEqualTo(testClass);
		assertThat(owner("afterAll")).isEqualTo(testClass);
		for (String label : List.of("beforeEach first()", "first()", "thread of first()", "afterEach first()")) {
			assertThat(owner(label)).as(label).isEqualTo(testClass + "/[method:first()]");
		}
		assertThat(owner("second()")).isEqualTo(testClass + "/[method:second()]");
		assertThat(RESERVED.values().stream().map(PortReservation::port).distinct()).hasSize(RESERVED.size());

		List<AllocationEvent> events = events("lifecycle");
		assertThat(events).hasSize(RESERVED.size());
		AllocationEvent first = event(events, "first()");
		assertThat(first.test()).isEqualTo(testClass + "/[method:first()]");
		assertThat(first.displayName()).isEqualTo("first()");
		assertThat(first.scope()).isEqualTo("test");
		assertThat(first.element()).startsWith("reserveForTest() in " + FreePorts.class.getName() + ".reservation(ReserveForTestTests.java:");
		assertThat(first.releasedAt()).isNotNull().isAfterOrEqualTo(first.startedAt());
		AllocationEvent beforeAll = event(events, "beforeAll");
		assertThat(beforeAll.scope()).isEqualTo("class");
		assertThat(beforeAll.displayName()).isEqualTo(displayName(LifecycleTestCase.class));
		assertThat(beforeAll.releasedAt()).isAfter(event(events, "second()").releasedAt());
	}

	@ParameterizedTest(name = "executor service {0}")
	@ValueSource(strings = { "fork_join_pool", "worker_thread_pool" }) // JUnit before 6.1 knows only the first
	void eachOfTestsRunningInParallelHoldsItsOwnPortsUntilItEnds(String executor) {
		Map<String, String> parallel = Map.of("junit.jupiter.execution.parallel.enabled", "true",
			"junit.jupiter.execution.parallel.mode.default", "concurrent",
			"junit.jupiter.execution.parallel.mode.classes.default", "concurrent",
			"junit.jupiter.execution.parallel.config.strategy", "fixed",
			"junit.jupiter.execution.parallel.config.fixed.parallelism", "4",
			"junit.jupiter.execution.parallel.config.executor-service", executor);
		ParallelTestCase.allHolding = new CountDownLatch(3);
		TestExecutionSummary summary = run(parallel, ParallelTestCase.class, LifecycleTestCase.class, ThreadsTestCase.class);
		assertThat(summary.getFailures()).extracting(failure -> failure.getException().toString()).isEmpty();
		assertThat(FAILURES).isEmpty();
		assertThat(summary.getTestsSucceededCount()).isEqualTo(4 + 2 + 3);
		String testClass = ENGINE + "/[class:" + ParallelTestCase.class.getName() + "]";
		for (String test : List.of("a()", "b()", "c()", "d()")) {
			assertThat(owner(test)).isEqualTo(testClass + "/[method:" + test + "]");
			assertThat(owner("thread of " + test)).isEqualTo(testClass + "/[method:" + test + "]");
		}
		assertThat(RESERVED.values()).allMatch(PortReservation::isReleased);
		assertThat(SCOPES).isNotEmpty().allSatisfy((where, scope) -> assertThat(scope).as(where).isEqualTo(where));
	}

	@Test
	void eachCallbackRunsInTheScopeOfItsTestWithParallelExecutionOff() {
		TestExecutionSummary summary = run(Map.of(), ThreadsTestCase.class);
		assertThat(summary.getTestsSucceededCount()).isEqualTo(3);
		assertThat(SCOPES).hasSize(3 * 4 + 2).allSatisfy((where, scope) -> assertThat(scope).as(where).isEqualTo(where));
	}

	@Test
	void closeEndsAReservationEarlyAndItIsLoggedOnce() throws IOException {
		TestExecutionSummary summary = run(Map.of(), ClosingTestCase.class);
		assertThat(summary.getTestsSucceededCount()).isEqualTo(1);
		List<AllocationEvent> events = events("lifecycle");
		assertThat(events).hasSize(1);
		assertThat(events.get(0).releasedAt()).isBeforeOrEqualTo(ClosingTestCase.endedAt);
		assertThat(events.get(0).port()).isEqualTo(RESERVED.get("closed early").port());
	}

	@Test
	void withFreePortsExtensionOnTheTestItsReleasesAreReportEntriesToo() throws IOException {
		List<String> entries = new CopyOnWriteArrayList<>();
		List<String> order = new CopyOnWriteArrayList<>();
		TestExecutionListener listener = new TestExecutionListener() {

			@Override
			public void reportingEntryPublished(TestIdentifier testIdentifier, ReportEntry entry) {
				entries.add(testIdentifier.getDisplayName() + " " + entry.getKeyValuePairs().get("freeport.scope"));
				order.add("entry " + testIdentifier.getDisplayName());
			}

			@Override
			public void executionFinished(TestIdentifier testIdentifier, TestExecutionResult testExecutionResult) {
				order.add("finished " + testIdentifier.getDisplayName());
			}
		};
		run(Map.of(), listener, ExtensionTestCase.class, LifecycleTestCase.class);
		assertThat(entries).hasSize(2).allSatisfy(entry -> assertThat(entry).startsWith("usesBoth(int) "));
		assertThat(entries).anySatisfy(entry -> assertThat(entry).contains(" test: reserveForTest() in "));
		assertThat(order.indexOf("entry usesBoth(int)")).isLessThan(order.indexOf("finished usesBoth(int)"));
		assertThat(events("lifecycle")).filteredOn(event -> event.scope().equals("test")).hasSize(1 + 7);
	}

	@Test
	void outsideAnyTestTheJvmHoldsItUntilItIsClosed() throws Exception {
		PortReservation[] outside = new PortReservation[1];
		// a thread that inherits no scope, as a pool thread created before the tests ran
		Thread unscoped = new Thread(null, () -> outside[0] = Ports.reserveForTest(), "unscoped", 0, false);
		unscoped.start();
		unscoped.join(TimeUnit.SECONDS.toMillis(30));
		try {
			assertThat(outside[0].trace().owner()).isEqualTo("thread unscoped");
			run(Map.of(), LifecycleTestCase.class);
			assertThat(outside[0].isReleased()).as("a run's end ends no JVM-scoped reservation").isFalse();
			assertThat(events("lifecycle")).filteredOn(event -> event.test().equals(TestScope.JVM_ID)).singleElement()
				.satisfies(event -> {
					assertThat(event.scope()).isEqualTo("jvm");
					assertThat(event.port()).isEqualTo(outside[0].port());
					assertThat(event.releasedAt()).as("logged as still held when the run ended").isNull();
				});
		}
		finally {
			outside[0].close();
		}
		assertThat(outside[0].isReleased()).isTrue();
	}

	@Test
	void aThreadThatOutlivesItsTestReservesForTheJvm() throws Exception {
		run(Map.of(), OutlivingThreadTestCase.class);
		OutlivingThreadTestCase.testEnded.countDown();
		OutlivingThreadTestCase.thread.join(TimeUnit.SECONDS.toMillis(30));
		PortReservation late = RESERVED.get("after the test");
		try {
			assertThat(late.trace().owner()).isEqualTo("thread outliving");
			assertThat(late.isReleased()).isFalse();
		}
		finally {
			late.close();
		}
	}

	/** A nested class's display name: its name within the package, {@code Outer$Nested}. */
	static String displayName(Class<?> testClass) {
		return testClass.getName().substring(testClass.getPackageName().length() + 1);
	}

	private String owner(String label) {
		assertThat(RESERVED).containsKey(label);
		return RESERVED.get(label).trace().owner();
	}

	private static AllocationEvent event(List<AllocationEvent> events, String label) {
		int port = RESERVED.get(label).port();
		return events.stream().filter(event -> event.port() == port).findFirst().orElseThrow();
	}

	private List<AllocationEvent> events(String runId) throws IOException {
		Path events = logDir.resolve(runId).resolve("events-" + ProcessHandle.current().pid() + ".jsonl");
		if (!Files.exists(events)) {
			return List.of();
		}
		return Files.readAllLines(events).stream().filter(line -> !line.isBlank()).map(AllocationEvent::fromJson)
			.collect(Collectors.toList());
	}

	private TestExecutionSummary run(Map<String, String> parameters, Class<?>... testClasses) {
		return run(parameters, new TestExecutionListener() {
		}, testClasses);
	}

	/**
	 * Runs the fixtures through a launcher that loads the listeners in {@code META-INF/services}, as users' build
	 * tools do (session listeners left out: the run report of this JVM's own run is not theirs to write).
	 */
	private TestExecutionSummary run(Map<String, String> parameters, TestExecutionListener listener, Class<?>... testClasses) {
		SummaryGeneratingListener summary = new SummaryGeneratingListener();
		LauncherConfig config = LauncherConfig.builder().enableLauncherSessionListenerAutoRegistration(false).build();
		LauncherFactory.create(config).execute(request()
			.selectors(java.util.Arrays.stream(testClasses).map(type -> selectClass(type)).collect(Collectors.toList()))
			.configurationParameter(FreePort.LOG_DIR_PROPERTY_NAME, logDir.toString())
			.configurationParameter(FreePort.RUN_ID_PROPERTY_NAME, "lifecycle")
			.configurationParameter("freeport.log.attach", "false")
			.configurationParameters(parameters).build(), summary, listener);
		return summary.getSummary();
	}

	/** Initialised while its class is set up: its reservation lasts as long as the class. */
	static class StaticInitialiserTestCase {

		static final PortReservation FROM_STATIC_INITIALISER = FreePorts.reservation("static initialiser");

		@Test
		void holdsTheClasssPort() {
			assertThat(FROM_STATIC_INITIALISER.isReleased()).isFalse();
		}
	}

	/**
	 * Reservations from every place a test's code runs, checked from the next test and the class's end; its
	 * tests run one after the other even under parallel execution.
	 */
	@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
	@Execution(ExecutionMode.SAME_THREAD)
	static class LifecycleTestCase {

		@BeforeAll
		static void beforeAll() {
			FreePorts.reservation("beforeAll");
		}

		@BeforeEach
		void beforeEach(TestInfo test) {
			FreePorts.reservation("beforeEach " + test.getDisplayName());
		}

		@Test
		@Order(1)
		void first() throws InterruptedException {
			FreePorts.reservation("first()");
			Thread thread = new Thread(() -> FreePorts.reservation("thread of first()"));
			thread.start();
			thread.join(TimeUnit.SECONDS.toMillis(30));
			assertThat(RESERVED).containsKey("thread of first()");
		}

		@Test
		@Order(2)
		void second() {
			FreePorts.reservation("second()");
			assertThat(RESERVED.entrySet()).filteredOn(entry -> entry.getKey().contains("first()"))
				.hasSize(4).allSatisfy(entry -> assertThat(entry.getValue().isReleased()).as(entry.getKey()).isTrue());
			assertThat(RESERVED.get("beforeAll").isReleased()).isFalse();
		}

		@AfterEach
		void afterEach(TestInfo test) {
			FreePorts.reservation("afterEach " + test.getDisplayName());
			String name = test.getDisplayName();
			assertThat(RESERVED.get(name).isReleased()).as("%s, while its @AfterEach runs", name).isFalse();
		}

		@AfterAll
		static void afterAll() {
			FreePorts.reservation("afterAll");
			assertThat(RESERVED.get("beforeAll").isReleased()).isFalse();
		}
	}

	/** Several tests at once, each with a port from the helper and one from a thread it starts. */
	static class ParallelTestCase {

		static volatile CountDownLatch allHolding;

		@Test
		void a() throws InterruptedException {
			holdsItsPort("a()");
		}

		@Test
		void b() throws InterruptedException {
			holdsItsPort("b()");
		}

		@Test
		void c() throws InterruptedException {
			holdsItsPort("c()");
		}

		@Test
		void d() throws InterruptedException {
			holdsItsPort("d()");
		}

		private static void holdsItsPort(String label) throws InterruptedException {
			PortReservation mine = FreePorts.reservation(label);
			Thread thread = new Thread(() -> FreePorts.reservation("thread of " + label));
			thread.start();
			thread.join(TimeUnit.SECONDS.toMillis(30));
			// at least three run at once: their ports are all held meanwhile
			allHolding.countDown();
			if (!allHolding.await(30, TimeUnit.SECONDS)) {
				FAILURES.add(label + ": fewer than 3 tests ran at once");
			}
			assertThat(mine.isReleased()).isFalse();
		}
	}

	/** Where each callback's scope comes from: the scope the thread it runs on is in. */
	static class ThreadsTestCase {

		@BeforeAll
		static void beforeAll() {
			see("beforeAll", displayName(ThreadsTestCase.class));
		}

		@BeforeEach
		void beforeEach(TestInfo test) {
			see("beforeEach " + test.getDisplayName(), test.getDisplayName());
		}

		@Test
		void one(TestInfo test) throws InterruptedException {
			see("test " + test.getDisplayName(), test.getDisplayName());
			inThread(test);
		}

		@Test
		void two(TestInfo test) throws InterruptedException {
			see("test " + test.getDisplayName(), test.getDisplayName());
			inThread(test);
		}

		@Test
		void three(TestInfo test) throws InterruptedException {
			see("test " + test.getDisplayName(), test.getDisplayName());
			inThread(test);
		}

		@AfterEach
		void afterEach(TestInfo test) {
			see("afterEach " + test.getDisplayName(), test.getDisplayName());
		}

		@AfterAll
		static void afterAll() {
			see("afterAll", displayName(ThreadsTestCase.class));
		}

		private static void inThread(TestInfo test) throws InterruptedException {
			Thread thread = new Thread(() -> see("thread of " + test.getDisplayName(), test.getDisplayName()));
			thread.start();
			thread.join(TimeUnit.SECONDS.toMillis(30));
		}

		/** Records the scope's display name under the label "where" for which it is expected, or what differed. */
		private static void see(String where, String expected) {
			String seen = TestScopes.current().displayName();
			SCOPES.put(where, seen.equals(expected) ? where : where + " ran in scope " + seen + " on "
					+ Thread.currentThread().getName());
		}
	}

	static class ClosingTestCase {

		static volatile java.time.Instant endedAt;

		@Test
		void closesEarly() {
			PortReservation reservation = FreePorts.reservation("closed early");
			reservation.close();
			assertThat(reservation.isReleased()).isTrue();
			endedAt = java.time.Instant.now();
		}
	}

	static class ExtensionTestCase {

		@Test
		void usesBoth(@FreePort int port) {
			assertThat(port).isPositive();
			FreePorts.reservation("beside @FreePort");
		}
	}

	static class OutlivingThreadTestCase {

		static final CountDownLatch testEnded = new CountDownLatch(1);
		static volatile Thread thread;

		@Test
		void leavesAThreadBehind() {
			thread = new Thread(() -> {
				try {
					if (testEnded.await(30, TimeUnit.SECONDS)) {
						RESERVED.put("after the test", Ports.reserveForTest());
					}
				}
				catch (InterruptedException e) {
					Thread.currentThread().interrupt();
				}
			}, "outliving");
			thread.start();
		}
	}

}
