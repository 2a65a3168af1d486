package io.github.freeport.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.engine.TestExecutionResult;

/**
 * Marks the phases of a cold-start JVM, for {@link ColdStart}'s breakdown: registered (by a services file
 * {@code ColdStart} writes) after freeport's jar on the class path, so JUnit calls it after freeport's
 * listeners when a session opens and a test starts, and before them when the session closes (JUnit closes
 * sessions in reverse order). At each mark it notes {@link System#nanoTime()} (on Linux a clock all processes
 * share, so the parent subtracts the moment it started the JVM) and loads a marker class of its own, so that
 * a {@code -Xlog:class+load} file splits into the phases too. Writes {@code <mark> <nanos>} lines to the
 * file named by {@value #OUTPUT} when the session closes. Never in the timed pairs.
 */
public final class ColdStartProbe implements LauncherSessionListener, TestExecutionListener {

	/** The system property naming the file the marks go to. */
	static final String OUTPUT = "coldstart.probe";

	/**
	 * The marks, in the order a run passes them; a marker class each, named after it, but for
	 * {@code BodyStarted}: its marker is {@link ColdStartServer}, which the test body loads.
	 */
	static final String[] MARKS = {"SessionOpened", "PlanStarted", "TestStarted", "BodyStarted", "TestFinished",
		"SessionClosing"};

	/** Static: JUnit makes one instance for each service the probe is registered as. */
	private static final long[] nanos = new long[MARKS.length];

	@Override
	public void launcherSessionOpened(LauncherSession session) {
		mark(0, new SessionOpened());
	}

	@Override
	public void testPlanExecutionStarted(TestPlan testPlan) {
		mark(1, new PlanStarted());
	}

	@Override
	public void executionStarted(TestIdentifier testIdentifier) {
		if (testIdentifier.isTest()) {
			mark(2, new TestStarted());
		}
	}

	@Override
	public void executionFinished(TestIdentifier testIdentifier, TestExecutionResult testExecutionResult) {
		if (testIdentifier.isTest()) {
			// the body reached the same point on both sides where it connected to its server: ColdStartServer's
			// first use, which is also where the class-load log shows that mark
			nanos[3] = ColdStartServer.connectNanos;
			mark(4, new TestFinished());
		}
	}

	@Override
	public void launcherSessionClosed(LauncherSession session) {
		mark(5, new SessionClosing());
		String file = System.getProperty(OUTPUT);
		if (file == null) {
			return;
		}
		StringBuilder lines = new StringBuilder();
		for (int i = 0; i < MARKS.length; i++) {
			lines.append(MARKS[i]).append(' ').append(nanos[i]).append('\n');
		}
		try {
			Files.writeString(Path.of(file), lines.toString(), StandardCharsets.UTF_8);
		}
		catch (IOException e) {
			throw new IllegalStateException("Cannot write the probe's marks to " + file, e);
		}
	}

	private static void mark(int index, Object marker) {
		nanos[index] = System.nanoTime();
	}

	/** Marker classes: each loaded at its mark, so that the class-load log shows where the phase ends. */
	static final class SessionOpened {
	}

	static final class PlanStarted {
	}

	static final class TestStarted {
	}

	static final class TestFinished {
	}

	static final class SessionClosing {
	}
}
