package io.github.freeport.crossprocess;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several JVMs lease from one small range at once: no port is ever held by two of them. Each worker
 * proves its hold for real, with a marker file only one process can create and a listening socket.
 */
class ConcurrentLeasingTests {

	private static final int WORKERS = 4;
	private static final int FROM = 28100;
	private static final int TO = 28111; // 12 ports; each worker holds up to 2 (+1 being leased)
	private static final int ITERATIONS = 400;
	private static final int HELD_PER_WORKER = 2;

	@TempDir
	Path temp;

	@Test
	void noPortIsLeasedByTwoJvmsAtOnce() throws Exception {
		Path registry = temp.resolve("registry");
		Path markers = Files.createDirectory(temp.resolve("markers"));
		List<WorkerJvm> workers = new ArrayList<>();
		try {
			for (int i = 0; i < WORKERS; i++) {
				workers.add(WorkerJvm.start(registry, temp));
			}
			// all are READY now: start them together
			for (WorkerJvm worker : workers) {
				worker.send("CHURN " + FROM + " " + TO + " " + ITERATIONS + " " + HELD_PER_WORKER + " " + markers);
			}
			List<String> problems = new ArrayList<>();
			long refusedByOthers = 0;
			for (WorkerJvm worker : workers) {
				String line;
				while (!(line = worker.next(WorkerJvm.ANSWER_TIMEOUT)).startsWith("CHURNED")) {
					problems.add("worker " + worker.pid() + ": " + line);
				}
				String[] words = line.split(" ");
				assertThat(Integer.parseInt(words[1])).isEqualTo(ITERATIONS);
				refusedByOthers += Long.parseLong(words[2]);
			}
			assertThat(problems).as("duplicate holds, failed binds or errors").isEmpty();
			assertThat(refusedByOthers).as("candidates refused because another JVM held them: the workers did contend")
				.isPositive();
			try (var left = Files.list(markers)) {
				assertThat(left).as("markers left behind").isEmpty();
			}
		}
		finally {
			workers.forEach(WorkerJvm::close);
		}
	}
}
