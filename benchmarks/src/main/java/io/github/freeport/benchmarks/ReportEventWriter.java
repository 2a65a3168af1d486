package io.github.freeport.benchmarks;

import java.nio.file.Path;
import java.time.Duration;

import io.github.freeport.PortReservation;
import io.github.freeport.Ports;
import io.github.freeport.logs.AllocationEvent;
import io.github.freeport.logs.EventLog;

/**
 * One fork of the run-report benchmark's input: takes {@code count} real ports, one after another, and logs
 * each released reservation's event in the run folder as a test's would be (its own JSON Lines file). Test
 * ids name {@value #TESTS_PER_CLASS} test methods per class, as a suite's would. Prints {@code DONE <count>}.
 *
 * <p>Arguments: {@code runFolder count from to forkIndex}.
 */
public final class ReportEventWriter {

	static final int TESTS_PER_CLASS = 20;

	private ReportEventWriter() {
	}

	public static void main(String[] args) {
		Path runFolder = Path.of(args[0]);
		int count = Integer.parseInt(args[1]);
		int from = Integer.parseInt(args[2]);
		int to = Integer.parseInt(args[3]);
		String fork = args[4];
		String run = runFolder.getFileName().toString();
		for (int i = 0; i < count; i++) {
			String testClass = "com.example.fork" + fork + ".Service" + (i / TESTS_PER_CLASS) + "Tests";
			String method = "test" + (i % TESTS_PER_CLASS) + "(int)";
			String test = "[engine:junit-jupiter]/[class:" + testClass + "]/[method:" + method + "]";
			PortReservation reservation = Ports.request().range(from, to).quarantine(Duration.ZERO).owner(test).reserve();
			reservation.close();
			EventLog.append(runFolder, AllocationEvent.of(run, method, "parameter",
				"parameter [int arg0] in method [void " + testClass + "." + method + "]", reservation.trace()));
		}
		System.out.println("DONE " + count);
		System.out.flush();
	}
}
