package io.github.freeport.crossprocess;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 16 threads in each of 4 JVMs lease, prove and release 50 ports each from one range at once: the in-JVM
 * table and the cross-process locks together never hand one port to two holders ({@link ProvenHold}).
 */
class ThreadedLeasingTests {

	private static final int JVMS = 4;
	private static final int THREADS = 16;
	private static final int LEASES = 50;
	private static final int FROM = 28210;
	private static final int TO = 28289; // 80 ports for 64 threads that hold one each

	@TempDir
	Path temp;

	@Test
	void sixteenThreadsInFourJvmsNeverShareAPort() {
		Path registry = temp.resolve("registry");
		Path markers = temp.resolve("markers");
		List<WorkerJvm> workers = new ArrayList<>();
		try {
			Files.createDirectory(markers);
			for (int i = 0; i < JVMS; i++) {
				workers.add(WorkerJvm.start(registry, temp));
			}
			for (WorkerJvm worker : workers) {
				worker.send("THREADS " + THREADS + " " + LEASES + " " + FROM + " " + TO + " " + markers);
			}
			List<String> problems = new ArrayList<>();
			for (WorkerJvm worker : workers) {
				String line;
				while (!(line = worker.next(WorkerJvm.ANSWER_TIMEOUT)).startsWith("THREADED")) {
					problems.add("worker " + worker.pid() + ": " + line);
				}
				assertThat(line).isEqualTo("THREADED " + THREADS * LEASES);
			}
			assertThat(problems).as("duplicate holds, failed binds or errors").isEmpty();
			try (var left = Files.list(markers)) {
				assertThat(left).as("markers left behind").isEmpty();
			}
		}
		catch (java.io.IOException e) {
			throw new java.io.UncheckedIOException(e);
		}
		finally {
			workers.forEach(WorkerJvm::close);
		}
	}
}
