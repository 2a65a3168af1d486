package io.github.freeport.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.freeport.AllocationTrace;
import io.github.freeport.AllocationTrace.Attempt;
import io.github.freeport.AllocationTrace.Refusal;
import io.github.freeport.Protocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several JVMs with several threads each log to one run folder at once; every line must survive whole. */
class ConcurrentForksTests {

	static final int THREADS = 4;
	static final int EVENTS_PER_THREAD = 150;

	@TempDir
	Path runFolder;

	@Test
	void everyLineOfEveryForkAndThreadIsReadableAfterwards() throws Exception {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		String classpath = String.join(File.pathSeparator, location(ConcurrentForksTests.class), location(EventLog.class));
		List<Process> forks = new ArrayList<>();
		try {
			for (int i = 0; i < 3; i++) {
				forks.add(new ProcessBuilder(java, "-cp", classpath, Fork.class.getName(), runFolder.toString())
					.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
			}
			Fork.log(runFolder);
			for (Process fork : forks) {
				assertThat(fork.waitFor(120, TimeUnit.SECONDS)).as("fork finished").isTrue();
				assertThat(fork.exitValue()).isZero();
			}
		}
		finally {
			for (Process fork : forks) {
				fork.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		RunReport report = RunReport.read(runFolder);
		assertThat(report.problems()).isEmpty();
		assertThat(report.allocationCount()).isEqualTo(4 * THREADS * EVENTS_PER_THREAD);
		assertThat(RunEvents.read(runFolder).events()).hasSize(4 * THREADS * EVENTS_PER_THREAD)
			.extracting(AllocationEvent::id).doesNotHaveDuplicates();
		try (var files = Files.list(runFolder)) {
			assertThat(files.filter(p -> p.toString().endsWith(".jsonl"))).hasSize(4);
		}
	}

	static String location(Class<?> type) throws Exception {
		return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
	}

	/** One fork: threads released together, each appending events with long, odd attempt details. */
	public static final class Fork {

		public static void main(String[] args) throws Exception {
			log(Path.of(args[0]));
		}

		static void log(Path runFolder) throws InterruptedException {
			CountDownLatch start = new CountDownLatch(1);
			List<Thread> threads = new ArrayList<>();
			for (int t = 0; t < THREADS; t++) {
				int thread = t;
				Thread worker = new Thread(() -> {
					try {
						start.await();
					}
					catch (InterruptedException e) {
						return;
					}
					for (int i = 0; i < EVENTS_PER_THREAD; i++) {
						AllocationTrace trace = new AllocationTrace("thread " + thread + " \"event\" " + i, Protocol.UDP, 20000 + i,
							"random", List.of(new Attempt(1, Refusal.BIND_FAILED, "x".repeat(2000) + "\n\u2028")), Instant.now(),
							Duration.ofMillis(1), ProcessHandle.current().pid(), "", Duration.ZERO);
						EventLog.append(runFolder, AllocationEvent.of("run", "t" + thread, "parameter", "p", trace));
					}
				});
				threads.add(worker);
				worker.start();
			}
			start.countDown();
			for (Thread worker : threads) {
				worker.join(TimeUnit.SECONDS.toMillis(60));
			}
		}
	}
}
