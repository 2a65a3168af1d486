package io.github.freeport.crossprocess;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several JVMs lease one port at a time from a small range whose every port each of them soon released
 * lately: the quarantine orders their candidates and never makes one wait, since there is always a port
 * no JVM holds. A lease that would have waited fails (no exhaustion timeout), so does a duplicate hold.
 */
class SoftQuarantineAcrossJvmsTests {

	private static final int WORKERS = 4;
	private static final int FROM = 28910;
	private static final int TO = 28917; // 8 ports; each worker holds at most 1
	private static final int ITERATIONS = 60;
	/** Longer than the test: every port a worker released rests for the rest of it. */
	private static final long QUARANTINE_MILLIS = 120_000;

	@TempDir
	Path temp;

	@Test
	void noJvmWaitsWhileAPortOfTheRangeIsFree() throws Exception {
		Path registry = temp.resolve("registry");
		Path markers = Files.createDirectory(temp.resolve("markers"));
		List<WorkerJvm> workers = new ArrayList<>();
		try {
			for (int i = 0; i < WORKERS; i++) {
				workers.add(WorkerJvm.start(registry, temp));
			}
			for (WorkerJvm worker : workers) {
				worker.send("PACE " + FROM + " " + TO + " " + ITERATIONS + " " + QUARANTINE_MILLIS + " " + markers);
			}
			List<String> problems = new ArrayList<>();
			long reused = 0;
			for (WorkerJvm worker : workers) {
				String line;
				while (!(line = worker.next(WorkerJvm.ANSWER_TIMEOUT)).startsWith("PACED")) {
					problems.add("worker " + worker.pid() + ": " + line);
				}
				String[] words = line.split(" ");
				assertThat(Integer.parseInt(words[1])).isEqualTo(ITERATIONS);
				reused += Long.parseLong(words[2]);
			}
			assertThat(problems).as("waits, duplicate holds, failed binds or errors").isEmpty();
			assertThat(reused).as("ports handed out again to the JVM that released them lately: the quarantine was in play")
				.isPositive();
		}
		finally {
			workers.forEach(WorkerJvm::close);
		}
	}
}
