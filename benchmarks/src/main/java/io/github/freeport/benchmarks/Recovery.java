package io.github.freeport.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.github.freeport.Ports;
import io.github.freeport.Protocol;
import io.github.freeport.allocators.Allocators;
import io.github.freeport.config.Configuration;
import io.github.freeport.registry.FileLockRegistry;
import io.github.freeport.registry.Lease;
import io.github.freeport.registry.LeaseOutcome;

/**
 * Recovery: a JVM holding {@value #LEASES} leases is killed with SIGKILL; this JVM polls the 50 ports with
 * {@link FileLockRegistry#tryLease} in a tight loop and times until it has leased all 50.
 * {@value #REPETITIONS} repetitions. Writes {@code recovery.md}.
 */
public final class Recovery {

	static final int LEASES = 50;
	static final int REPETITIONS = 10;
	static final double TARGET_MILLIS = 100;
	static final Duration GIVE_UP = Duration.ofSeconds(10);

	private Recovery() {
	}

	record Sample(double recoveredMillis, double exitSeenMillis, long polls) {
	}

	public static void main(String[] args) throws Exception {
		Path results = Path.of(args[0]);
		RunConditions conditions = new RunConditions();
		FileLockRegistry registry = Allocators.forConfiguration(Configuration.fromSystem()).registry();
		List<Sample> samples = new ArrayList<>();
		for (int r = 0; r < REPETITIONS; r++) {
			samples.add(once(registry, r));
			System.out.printf(Locale.ROOT, "[recovery] %d: all %d leasable after %.1f ms (exit seen after %.1f ms, %d polls)%n",
				r + 1, LEASES, samples.get(r).recoveredMillis(), samples.get(r).exitSeenMillis(), samples.get(r).polls());
		}
		render(samples, conditions).writeTo(results);
	}

	static Sample once(FileLockRegistry registry, int repetition) throws Exception {
		List<Lease> taken = new ArrayList<>();
		try (ChildJvm holder = ChildJvm.start("recovery-holder-" + repetition, LeaseHolder.class, List.of("-Xmx128m"))) {
			holder.awaitLine("READY", Duration.ofSeconds(60));
			holder.send("hold " + LEASES);
			String[] held = holder.awaitLine("HELD", Duration.ofSeconds(60)).split(" ");
			Set<Integer> pending = new LinkedHashSet<>();
			Arrays.stream(held[2].split(",")).map(Integer::valueOf).forEach(pending::add);
			for (int port : pending) {
				LeaseOutcome outcome = registry.tryLease(port, Protocol.TCP, "Recovery check");
				if (outcome.isLeased()) {
					outcome.lease().release();
					throw new IllegalStateException("Port " + port + " was leasable while the holder was alive: the"
							+ " registry is broken, recovery cannot be measured");
				}
			}
			Process process = holder.process();
			long start = System.nanoTime();
			process.destroyForcibly(); // SIGKILL on Linux and macOS
			long exitSeen = -1;
			long polls = 0;
			long giveUp = start + GIVE_UP.toNanos();
			while (!pending.isEmpty() && System.nanoTime() < giveUp) {
				for (var it = pending.iterator(); it.hasNext();) {
					int port = it.next();
					polls++;
					LeaseOutcome outcome = registry.tryLease(port, Protocol.TCP, "Recovery");
					if (outcome.isLeased()) {
						taken.add(outcome.lease());
						it.remove();
					}
				}
				if (exitSeen < 0 && !process.isAlive()) {
					exitSeen = System.nanoTime();
				}
			}
			long end = System.nanoTime();
			if (!pending.isEmpty()) {
				throw new IllegalStateException(pending.size() + " of " + LEASES + " ports still not leasable " + GIVE_UP
						+ " after SIGKILL of their holder: " + pending);
			}
			if (exitSeen < 0) {
				process.waitFor();
				exitSeen = System.nanoTime();
			}
			return new Sample((end - start) / 1e6, (exitSeen - start) / 1e6, polls);
		}
		finally {
			taken.forEach(Lease::release);
		}
	}

	static Section render(List<Sample> samples, RunConditions conditions) {
		double[] recovered = samples.stream().mapToDouble(Sample::recoveredMillis).sorted().toArray();
		double[] exits = samples.stream().mapToDouble(Sample::exitSeenMillis).sorted().toArray();
		double median = recovered[recovered.length / 2];
		double max = recovered[recovered.length - 1];
		StringBuilder md = new StringBuilder();
		md.append("## Recovery after a crash\n\n");
		md.append(conditions.sentence()).append("\n\n");
		md.append(String.format(Locale.ROOT, "A JVM takes %d leases (`Ports.request().reserve()` × %d) and is killed with"
				+ " SIGKILL (`Process.destroyForcibly()`). From just before the kill, this JVM polls the %d ports in a"
				+ " tight loop with `FileLockRegistry.tryLease` until it holds all %d. Before each kill it checks that all %d"
				+ " are refused. %d repetitions.\n\n", LEASES, LEASES, LEASES, LEASES, LEASES, REPETITIONS));
		md.append("| | median | max | all, sorted (ms) |\n| --- | ---: | ---: | --- |\n");
		md.append(String.format(Locale.ROOT, "| all %d leasable again (ms after SIGKILL) | %.1f | %.1f | %s |\n", LEASES,
			median, max, Samples.join(recovered, "%.1f")));
		md.append(String.format(Locale.ROOT, "| the process seen dead by `Process.isAlive()` (ms) | %.1f | %.1f | %s |\n",
			exits[exits.length / 2], exits[exits.length - 1], Samples.join(exits, "%.1f")));
		String verdict = max <= TARGET_MILLIS
				? String.format(Locale.ROOT, "**met**: median %.1f ms, max %.1f ms", median, max)
				: median <= TARGET_MILLIS
						? String.format(Locale.ROOT, "**met at the median, not at the max**: median %.1f ms, max %.1f ms",
							median, max)
						: String.format(Locale.ROOT, "**not met**: median %.1f ms, max %.1f ms", median, max);
		md.append("\nTarget: **all 50 leasable again ≤ 100 ms after SIGKILL.** Verdict: ").append(verdict)
			.append(". The OS drops a process's locks when it closes the process's files, as the process exits; the"
					+ " time is the kernel tearing the JVM down (its memory, threads and files), not anything freeport"
					+ " waits for, so it tracks the exit time in the second row.\n");
		return new Section("recovery", "all 50 leases of a SIGKILLed JVM leasable again ≤ 100 ms", verdict, md.toString());
	}
}
