package io.github.freeport.benchmarks;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import io.github.freeport.PortReservation;
import io.github.freeport.Ports;
import io.github.freeport.config.Configuration;

/**
 * Extension overhead: {@value #TESTS} tests with {@code @FreePort int} against the same tests without,
 * run through the JUnit Platform launcher in this JVM, alternately, whole executions timed (discovery
 * included). Writes {@code overhead.md}.
 */
public final class Overhead {

	static final int TESTS = 10_000;
	static final int WARM_UPS = 2;
	static final int REPETITIONS = 7;
	static final double TARGET_MILLIS = 0.1;

	private Overhead() {
	}

	public static void main(String[] args) throws Exception {
		Path results = Path.of(args[0]);
		RunConditions conditions = new RunConditions();
		double[] with = new double[REPETITIONS];
		double[] without = new double[REPETITIONS];
		double[] paired = new double[REPETITIONS];
		double[] withFile = new double[REPETITIONS];
		double[] pairedWithFile = new double[REPETITIONS];
		double[] allocationAlone = new double[REPETITIONS];
		long closeStart;
		try (LauncherSession session = LauncherFactory.openSession()) {
			Launcher launcher = session.getLauncher();
			for (int i = 0; i < WARM_UPS; i++) {
				run(launcher, WithFreePortTests.class);
				run(launcher, WithoutFreePortTests.class);
				run(launcher, WithFreePortTests.class, WITH_FILE);
				allocations();
			}
			for (int i = 0; i < REPETITIONS; i++) {
				// alternate which goes first, so that neither always follows the other's garbage
				if (i % 2 == 0) {
					with[i] = run(launcher, WithFreePortTests.class);
					without[i] = run(launcher, WithoutFreePortTests.class);
				}
				else {
					without[i] = run(launcher, WithoutFreePortTests.class);
					with[i] = run(launcher, WithFreePortTests.class);
				}
				paired[i] = (with[i] - without[i]) / TESTS;
				// the same with the trace attached as a file, as where Open Test Reporting is on
				withFile[i] = run(launcher, WithFreePortTests.class, WITH_FILE);
				pairedWithFile[i] = (withFile[i] - without[i]) / TESTS;
				allocationAlone[i] = allocations() / TESTS;
				System.out.printf(Locale.ROOT, "[overhead] %d: with @FreePort %.0f ms, without %.0f ms, %.3f ms per test;"
						+ " with the attached file %.0f ms, %.3f ms per test; the allocations alone %.3f ms each%n", i + 1, with[i],
					without[i], paired[i], withFile[i], pairedWithFile[i], allocationAlone[i]);
			}
			closeStart = System.nanoTime();
		}
		double closeMillis = (System.nanoTime() - closeStart) / 1e6;
		render(with, without, paired, withFile, pairedWithFile, allocationAlone, closeMillis, conditions).writeTo(results);
	}

	/**
	 * The configuration parameters that attach the trace to each test as a file. That series logs to a folder of its
	 * own, so that the run report of the default series covers the same executions as before.
	 */
	static final Map<String, String> WITH_FILE = Map.of("freeport.log.attach", "true", "freeport.log.dir",
		System.getProperty("freeport.log.dir", "target/freeport") + "-attached-file");

	static double run(Launcher launcher, Class<?> tests) {
		return run(launcher, tests, Map.of());
	}

	/** One execution of all tests of a class; milliseconds. Fails unless all {@value #TESTS} succeeded. */
	static double run(Launcher launcher, Class<?> tests, Map<String, String> parameters) {
		LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectClass(tests))
			.configurationParameters(parameters).build();
		SummaryGeneratingListener listener = new SummaryGeneratingListener();
		long start = System.nanoTime();
		launcher.execute(request, listener);
		double millis = (System.nanoTime() - start) / 1e6;
		TestExecutionSummary summary = listener.getSummary();
		if (summary.getTestsSucceededCount() != TESTS) {
			List<String> failures = new ArrayList<>();
			summary.getFailures().stream().limit(3).forEach(f -> failures.add(f.getException().toString()));
			throw new IllegalStateException(tests.getSimpleName() + ": " + summary.getTestsSucceededCount() + " of " + TESTS
					+ " tests succeeded; first failures: " + failures);
		}
		return millis;
	}

	/** {@value #TESTS} times {@code Ports.reserve()} and {@code close()} in this JVM, without JUnit: milliseconds. */
	static double allocations() {
		long start = System.nanoTime();
		for (int i = 0; i < TESTS; i++) {
			try (PortReservation port = Ports.reserve()) {
				if (port.port() <= 0) {
					throw new AssertionError("port " + port.port());
				}
			}
		}
		return (System.nanoTime() - start) / 1e6;
	}

	static double median(double[] values) {
		return Samples.median(values);
	}

	static Section render(double[] with, double[] without, double[] paired, double[] withFile, double[] pairedWithFile,
			double[] allocationAlone, double closeMillis, RunConditions conditions) {
		double perTest = median(paired);
		double byMedians = (median(with) - median(without)) / TESTS;
		StringBuilder md = new StringBuilder();
		md.append("## Extension overhead per test\n\n");
		md.append(conditions.sentence()).append("\n\n");
		md.append(String.format(Locale.ROOT, "%,d tests (`@RepeatedTest(%d)`) whose method takes `@FreePort int port`,"
				+ " against the same %,d tests without the parameter, run through the JUnit Platform `Launcher` in one JVM"
				+ " and one launcher session; each execution timed whole (discovery, %,d tests, reporting to a summary"
				+ " listener). %d warm-up executions of each, then %d of each, alternating which runs first. freeport"
				+ " runs with its defaults: a method-scoped lease per test (lease, bind probe, release into the"
				+ " quarantine, %d ms here), a report entry and one line of the allocation log per event; no attached"
				+ " file, since Open Test Reporting is off. A third series runs the `@FreePort` tests with"
				+ " `freeport.log.attach=true`, in the same rounds, to show what attaching the trace as a file costs"
				+ " where Open Test Reporting is on (JUnit's `publishFile`: a folder and a file per test in JUnit's"
				+ " output folder); the verdict is on the defaults.\n\n", TESTS, TESTS, TESTS, TESTS, WARM_UPS,
			REPETITIONS, Configuration.fromSystem().quarantine().toMillis()));
		md.append("| | median (ms) | all (ms) |\n| --- | ---: | --- |\n");
		md.append(String.format(Locale.ROOT, "| with `@FreePort int` | %.0f | %s |\n", median(with), Samples.join(with, "%.0f")));
		md.append(String.format(Locale.ROOT, "| without | %.0f | %s |\n", median(without), Samples.join(without, "%.0f")));
		md.append(String.format(Locale.ROOT, "| difference per test, each pair of executions | **%.3f** | %s |\n", perTest,
			Samples.join(paired, "%.3f")));
		md.append(String.format(Locale.ROOT, "| with `@FreePort int`, `freeport.log.attach=true` | %.0f | %s |\n",
			median(withFile), Samples.join(withFile, "%.0f")));
		md.append(String.format(Locale.ROOT, "| difference per test with the attached file | %.3f | %s |\n",
			median(pairedWithFile), Samples.join(pairedWithFile, "%.3f")));
		md.append(String.format(Locale.ROOT, "| `Ports.reserve()` + `close()` alone, %,d times in the same JVM and rounds,"
				+ " without JUnit, per call | %.3f | %s |\n", TESTS, median(allocationAlone), Samples.join(allocationAlone, "%.3f")));
		md.append(String.format(Locale.ROOT, "\nThe difference of the medians gives %.3f ms per test. Of the difference per"
				+ " test, the allocation itself (lease, bind probe, release) is about %.3f ms (the last row); the rest, about"
				+ " %.3f ms, is the extension's work around it (JUnit resolving a parameter whose annotation registers an"
				+ " extension, the reservation kept in the test's store and closed with it, the event published as a report"
				+ " entry and a line of the JSON Lines file). Attaching the trace as a file adds JUnit's folder and file"
				+ " per test, whose cost depends on the disk (the row with the attached file). Writing the run reports (one per log folder) when the launcher session closed took %.0f ms once,"
				+ " for all executions together (a run pays it once, not per test; not in the figures above).\n", byMedians,
			median(allocationAlone), perTest - median(allocationAlone), closeMillis));
		String verdict = perTest <= TARGET_MILLIS
				? String.format(Locale.ROOT, "**met**: %.3f ms per test (median of the pairs)", perTest)
				: String.format(Locale.ROOT, "**not met**: %.3f ms per test (median of the pairs)", perTest);
		md.append(String.format(Locale.ROOT, "\nTarget: **≤ %.1f ms per test, with the defaults.** Verdict: ", TARGET_MILLIS))
			.append(verdict).append(".\n");
		return new Section("overhead", "`@FreePort` costs ≤ " + TARGET_MILLIS + " ms per test, with the defaults", verdict,
			md.toString());
	}
}
