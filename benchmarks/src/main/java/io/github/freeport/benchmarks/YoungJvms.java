package io.github.freeport.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.github.freeport.config.Configuration;

/**
 * Young JVMs on a narrow range: {@value #JVMS} fresh JVMs that compile with C1 only
 * ({@code -XX:TieredStopAtLevel=1}, as short test forks mostly run) take ports from one {@value #RANGE_SIZE}-port
 * range at a test suite's pace ({@link PacedWorker}: hold {@value #HOLD_MILLIS} ms, then a gap of 0 to
 * {@value #MAX_GAP_MILLIS} ms), {@value #ALLOCATIONS} allocations each, freeport with its defaults against a
 * random port with a bind check. {@value #ROUNDS} rounds, the methods in turn (freeport first, then the other
 * first). Writes {@code young.md}.
 *
 * <p>Arguments: {@code resultsFolder [allocations]}.
 */
public final class YoungJvms {

	static final int JVMS = 8;
	static final int FROM = 15500;
	static final int RANGE_SIZE = 100;
	static final int TO = FROM + RANGE_SIZE - 1;
	static final int ALLOCATIONS = 500;
	static final int HOLD_MILLIS = 20;
	static final int MAX_GAP_MILLIS = 20;
	static final int ROUNDS = 2;
	static final double TARGET = 1.25;
	static final List<String> JVM_ARGS = List.of("-XX:TieredStopAtLevel=1", "-Xmx64m");

	private YoungJvms() {
	}

	/** What all JVMs of one method measured, over all rounds. */
	static final class Outcome {

		final String method;
		final List<Double> micros = new ArrayList<>();
		long allocations;
		long collisions;
		long failures;
		long waited;
		String firstProblem = "-";

		Outcome(String method) {
			this.method = method;
		}
	}

	public static void main(String[] args) throws Exception {
		Path results = Path.of(args[0]);
		int allocations = args.length > 1 ? Integer.parseInt(args[1]) : ALLOCATIONS;
		RunConditions conditions = new RunConditions();
		Map<String, Outcome> outcomes = new LinkedHashMap<>();
		outcomes.put("freeport", new Outcome("freeport"));
		outcomes.put("random", new Outcome("random"));
		for (int round = 0; round < ROUNDS; round++) {
			List<String> order = round % 2 == 0 ? List.of("freeport", "random") : List.of("random", "freeport");
			for (String method : order) {
				run(method, allocations, round, outcomes.get(method));
			}
		}
		render(outcomes.get("freeport"), outcomes.get("random"), allocations, conditions).writeTo(results);
	}

	static void run(String method, int allocations, int round, Outcome outcome) throws Exception {
		System.out.printf(Locale.ROOT, "[young] round %d, %s: %d JVMs x %d allocations in %d-%d%n", round + 1, method, JVMS,
			allocations, FROM, TO);
		List<ChildJvm> workers = new ArrayList<>();
		try {
			for (int i = 0; i < JVMS; i++) {
				workers.add(ChildJvm.start("young-" + method + "-" + round + "-" + i, PacedWorker.class, JVM_ARGS, method,
					String.valueOf(FROM), String.valueOf(TO), String.valueOf(allocations), String.valueOf(HOLD_MILLIS),
					String.valueOf(MAX_GAP_MILLIS)));
			}
			for (ChildJvm worker : workers) {
				worker.awaitLine("READY", Duration.ofSeconds(90));
			}
			for (ChildJvm worker : workers) {
				worker.send("GO");
			}
			// 500 x (20 ms held + 10 ms gap on average) is 15 s; freeport waiting for releases may take longer
			Duration bound = Duration.ofSeconds(60 + allocations * (HOLD_MILLIS + MAX_GAP_MILLIS) / 1000L * 4);
			for (ChildJvm worker : workers) {
				String times = worker.awaitLine("TIMES", bound);
				for (String micros : times.substring("TIMES".length()).trim().split(" ")) {
					if (!micros.isEmpty()) {
						outcome.micros.add(Double.parseDouble(micros));
					}
				}
				String[] done = worker.awaitLine("DONE", Duration.ofSeconds(30)).split(" ", 6);
				outcome.allocations += Long.parseLong(done[1]);
				outcome.collisions += Long.parseLong(done[2]);
				outcome.failures += Long.parseLong(done[3]);
				outcome.waited += Long.parseLong(done[4]);
				if (outcome.firstProblem.equals("-") && !done[5].equals("-")) {
					outcome.firstProblem = done[5];
				}
			}
		}
		finally {
			ChildJvm.closeAll(workers);
		}
		System.out.printf(Locale.ROOT, "[young] %s so far: p50 %.0f µs, %d collisions, %d waited%n", method,
			Samples.median(outcome.micros), outcome.collisions, outcome.waited);
	}

	static Section render(Outcome freeport, Outcome random, int allocations, RunConditions conditions) {
		double ratio = Samples.median(freeport.micros) / Samples.median(random.micros);
		boolean clean = freeport.collisions == 0 && freeport.failures == 0;
		String verdict = ratio <= TARGET && clean
				? String.format(Locale.ROOT, "**met**: p50 %.2f× random + bind check, 0 collisions", ratio)
				: String.format(Locale.ROOT, "**not met**: p50 %.2f× random + bind check%s", ratio,
					clean ? ", 0 collisions" : String.format(Locale.ROOT, ", %d collisions and %d failures", freeport.collisions,
						freeport.failures));
		Configuration configuration = Configuration.fromSystem();
		StringBuilder md = new StringBuilder();
		md.append("## Young JVMs on a narrow range\n\n");
		md.append(conditions.sentence()).append("\n\n");
		md.append(String.format(Locale.ROOT, "%d fresh JVMs at once, each compiling with C1 only (`%s`, what a short test"
				+ " fork mostly runs), take ports from the %d ports %d-%d at a test suite's pace: take a port, bind a"
				+ " `ServerSocket` on it (wildcard address), keep it %d ms, close it, let the port go, wait 0-%d ms"
				+ " (uniform), again; %d allocations per JVM, on one thread. freeport is `Ports.request().range(%d, %d).reserve()`"
				+ " with everything else at its defaults (quarantine %d ms, exhaustion timeout %d s, strategy `%s`);"
				+ " the baseline a random port of the range that passes a bind check on `localhost`, then the same."
				+ " Each JVM takes one port before the start, untimed (the first port of a JVM is the cold-start"
				+ " section's). %d rounds, the methods in turn.\n\n",
			JVMS, String.join(" ", JVM_ARGS), RANGE_SIZE, FROM, TO, HOLD_MILLIS, MAX_GAP_MILLIS, allocations, FROM, TO,
			configuration.quarantine().toMillis(), configuration.exhaustionTimeout().toSeconds(),
			configuration.strategy().value(), ROUNDS));
		md.append("Times are each allocation's, in µs, over all JVMs and rounds. A **collision** is a bind that fails with"
				+ " `BindException`.\n\n");
		md.append("| method | allocations | p50 | p90 | p99 | max | p50 vs baseline | collisions | waited for a release |"
				+ " other failures | first problem |\n");
		md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
		row(md, "freeport `Ports.request().range(" + FROM + ", " + TO + ").reserve()`", freeport, random, true);
		row(md, "random port in " + FROM + "-" + TO + " + bind check (**baseline**)", random, random, false);
		md.append(String.format(Locale.ROOT, "\nTarget: **freeport's p50 ≤ %.2f× the baseline's, 0 collisions.**"
				+ " Verdict: %s.\n", TARGET, verdict));
		md.append("\n*Waited for a release* counts freeport allocations that found no port of the range both unleased and"
				+ " bindable, and waited for one to be released (up to the exhaustion timeout).\n");
		return new Section("young", "young JVMs, 100-port range: freeport p50 ≤ " + TARGET + "× random + bind check, 0 collisions",
			verdict, md.toString());
	}

	private static void row(StringBuilder md, String label, Outcome outcome, Outcome baseline, boolean freeport) {
		md.append(String.format(Locale.ROOT, "| %s | %,d | %.0f | %.0f | %.0f | %.0f | %.2f× | %s | %s | %d | %s |\n", label,
			outcome.allocations, Samples.median(outcome.micros), Samples.percentile(outcome.micros, 0.9),
			Samples.percentile(outcome.micros, 0.99), Samples.percentile(outcome.micros, 1.0),
			Samples.median(outcome.micros) / Samples.median(baseline.micros),
			freeport && outcome.collisions == 0 ? "**0**" : String.valueOf(outcome.collisions),
			freeport ? String.valueOf(outcome.waited) : "-", outcome.failures, outcome.firstProblem.replace("|", "\\|")));
	}
}
