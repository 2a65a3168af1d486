package io.github.freeport.junit;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.Set;
import java.util.function.Function;

import io.github.freeport.PortReservation;
import io.github.freeport.config.Configuration;
import org.apiguardian.api.API;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Which JUnit scope the calling thread is in, for {@code Ports.reserveForTest()}: the scope is kept in an
 * {@link InheritableThreadLocal} that {@link ScopeListener} sets when a test or container starts on a thread
 * (JUnit calls it on the thread that runs the test, its {@code @BeforeEach} and {@code @AfterEach}; see
 * {@code docs/architecture.md}) and restores when it finishes. Threads a test creates inherit its scope;
 * threads created before (pools) keep the scope they were created in, and one that has ended counts as the
 * JVM. Outside any JUnit execution the scope is the JVM: such a lease lasts until it is closed or the JVM
 * exits. Not API: use {@code Ports.reserveForTest()}.
 */
@API(status = INTERNAL, since = "0.1")
public final class TestScopes {

	private static final InheritableThreadLocal<TestScope> CURRENT = new InheritableThreadLocal<>();
	private static final TestScope JVM = TestScope.jvm();
	private static final Set<String> ENTRY_CLASSES = Set.of("io.github.freeport.Ports", "io.github.freeport.PortRequest",
		TestScopes.class.getName());
	private static volatile TestRun lastRun;

	private TestScopes() {
	}

	/**
	 * The configuration {@code Ports.reserveForTest()} uses: in a JUnit run, its configuration parameters
	 * (system properties and {@code junit-platform.properties}), as for {@code @FreePort}; else system
	 * properties and environment variables.
	 */
	public static Configuration configuration() {
		TestRun run = current().run();
		if (run == null) {
			run = lastRun;
		}
		return run != null ? run.configuration() : Configuration.fromSystem();
	}

	/**
	 * Reserves for the calling thread's scope and leaves the reservation to it.
	 *
	 * @param owner the owner the request names, or {@code null} for the scope's (the test's unique id)
	 * @param reserveAs makes the reservation for the owner given
	 * @throws io.github.freeport.FreePortException on a JUnit older than the supported one, naming the fix
	 */
	public static PortReservation reserve(String owner, Function<String, PortReservation> reserveAs) {
		TestScope scope = current();
		TestRun run = scope.run();
		if (run != null || lastRun != null) {
			JUnitFloor.check(); // JUnit is running: refuse an unsupported one before anything else fails
		}
		if (run != null) {
			run.runFolder(); // an invalid log folder or run id fails here, naming the key, as for @FreePort
		}
		String element = "reserveForTest() in " + caller();
		PortReservation reservation = reserveAs.apply(owner != null ? owner : owner(scope));
		ScopedReservation scoped = new ScopedReservation(reservation, scope, element);
		if (!scope.adopt(scoped)) {
			// the scope ended while the port was found: a thread outliving its test; the JVM holds it instead
			scoped = new ScopedReservation(reservation, JVM, element);
			JVM.adopt(scoped);
		}
		return scoped;
	}

	private static String owner(TestScope scope) {
		return scope.isJvm() ? "thread " + Thread.currentThread().getName() : scope.uniqueId();
	}

	/** The code that called {@code reserveForTest()}: the first frame outside freeport's entry points. */
	private static String caller() {
		return StackWalker.getInstance().walk(frames -> frames.filter(frame -> !ENTRY_CLASSES.contains(frame.getClassName())).findFirst()
			.map(frame -> frame.getClassName() + "." + frame.getMethodName() + "(" + frame.getFileName() + ":"
					+ frame.getLineNumber() + ")")
			.orElse("unknown code"));
	}

	/** The calling thread's live scope, or the JVM's. */
	static TestScope current() {
		TestScope scope = CURRENT.get();
		return scope == null || scope.isEnded() ? JVM : scope;
	}

	/** Starts a scope on the calling thread, the thread that runs the test or container. */
	static TestScope start(TestRun run, TestIdentifier identifier) {
		TestScope scope = new TestScope(run, identifier, CURRENT.get());
		CURRENT.set(scope);
		return scope;
	}

	/**
	 * Ends a scope and, on the thread it started on, restores the scope that thread was in before. Under
	 * parallel execution the engine's own scope may finish on another thread: then the thread it started on
	 * keeps the ended scope, which counts as the JVM's.
	 */
	static void finish(TestScope scope) {
		if (CURRENT.get() == scope) {
			CURRENT.set(scope.previous());
		}
		scope.end();
	}

	/**
	 * The running test or container with this unique id when it is the calling thread's scope, for freeport's
	 * extension to publish that scope's releases as report entries too; else {@code null}.
	 */
	static TestScope runningOrNull(String uniqueId) {
		TestScope scope = CURRENT.get();
		return scope != null && !scope.isEnded() && scope.uniqueId().equals(uniqueId) ? scope : null;
	}

	/** A run starts: JVM-scoped reservations log there until it finishes. */
	static void runStarted(TestRun run) {
		run.follows(lastRun);
		lastRun = run;
	}

	/**
	 * A run finishes: the JVM-scoped reservations still held are logged as held, so its report has them, and
	 * the run that was going on before (a launcher started by a test) is the latest again.
	 */
	static void runFinished(TestRun run) {
		for (ScopedReservation reservation : JVM.held()) {
			JVM.publish(reservation, run);
		}
		if (lastRun == run) {
			lastRun = run.previous();
		}
	}

	static TestRun lastRun() {
		return lastRun;
	}
}
