package io.github.freeport.benchmarks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.github.freeport.benchmarks.Collisions.Background;
import io.github.freeport.benchmarks.Collisions.Config;
import io.github.freeport.benchmarks.Collisions.Outcome;

/**
 * Collisions with a foreign process: a process that does not use freeport ({@link ForeignBinder}) binds
 * random ports of the range the workers take theirs from. freeport's lease keeps registry users apart, and
 * its probe sees a port bound at that moment; between the probe and the code under test's bind, only a port
 * held bound ({@code hold()}, handed off just before the bind) is shut to such a process. Measured: freeport
 * handing out a plain port number, freeport holding the port, and a random port with a bind check, each with
 * a fresh foreign process. Writes {@code foreign.md}.
 *
 * <p>Arguments: {@code resultsFolder [allocations]}, per method.
 */
public final class Foreign {

	static final int FROM = 16000;
	static final int TO = 16999;
	static final int JVMS = 4;
	static final int THREADS = 2;
	static final int ALLOCATIONS = 16_000;
	static final long SECONDS = 90;
	static final int FOREIGN_THREADS = 4;
	static final int FOREIGN_MAX_HOLD_MILLIS = 4;

	private Foreign() {
	}

	public static void main(String[] args) throws Exception {
		Path results = Path.of(args[0]);
		long allocations = args.length > 1 ? Long.parseLong(args[1]) : ALLOCATIONS;
		RunConditions conditions = new RunConditions();
		Background foreign = new Background("foreign", ForeignBinder.class, List.of(String.valueOf(FROM), String.valueOf(TO),
			String.valueOf(FOREIGN_THREADS), String.valueOf(FOREIGN_MAX_HOLD_MILLIS), String.valueOf(SECONDS + 60)), "FOREIGN",
			"binds");
		List<Outcome> outcomes = new ArrayList<>();
		outcomes.add(Collisions.run(new Config("freeport-int", "freeport `Ports.request().range(" + FROM + ", " + TO
				+ ").reserve()`, the port number handed on", FROM, TO, false, allocations, true), JVMS, THREADS, SECONDS, foreign));
		outcomes.add(Collisions.run(new Config("freeport-hold", "freeport `...range(" + FROM + ", " + TO
				+ ").hold().reserve()`, `handOff()` just before the bind", FROM, TO, false, allocations, true), JVMS, THREADS,
			SECONDS, foreign));
		outcomes.add(Collisions.run(new Config("random", "random port in " + FROM + "-" + TO + " + bind check", FROM, TO, false,
			allocations, false), JVMS, THREADS, SECONDS, foreign));
		render(outcomes, conditions).writeTo(results);
	}

	static Section render(List<Outcome> outcomes, RunConditions conditions) {
		Outcome plain = outcomes.get(0);
		Outcome held = outcomes.get(1);
		String verdict = String.format(Locale.ROOT, "plain port: %d collisions in %,d; held until hand-off: %d in %,d",
			plain.collisions(), plain.allocations(), held.collisions(), held.allocations());
		StringBuilder md = new StringBuilder();
		md.append("## Collisions with a process that does not use freeport\n\n");
		md.append(conditions.sentence()).append("\n\n");
		md.append(String.format(Locale.ROOT, "A foreign process binds random ports of %d-%d without freeport: %d threads,"
				+ " each binding a random port of the range (wildcard address), keeping it 0-%d ms, closing it and"
				+ " binding the next at once. Meanwhile %d JVMs × %d threads take ports of the same range, wait 0-2 ms"
				+ " (the time between a test getting its port and its server binding it), bind a `ServerSocket` on it,"
				+ " keep it 0-2 ms and close it, as in the collisions section. A fresh foreign process for each method."
				+ " A **collision** is a bind that fails with `BindException`.\n\n", FROM, TO, FOREIGN_THREADS,
			FOREIGN_MAX_HOLD_MILLIS, JVMS, THREADS));
		md.append("| method | allocations | collisions | rate | other failures | time | foreign process | first problem |\n");
		md.append("| --- | ---: | ---: | ---: | ---: | ---: | --- | --- |\n");
		for (Outcome o : outcomes) {
			md.append("| ").append(o.config().label()).append(" | ").append(String.format(Locale.ROOT, "%,d", o.allocations()))
				.append(" | ").append(o.collisions()).append(" | ")
				.append(o.allocations() == 0 ? "-" : String.format(Locale.ROOT, "%.2g", (double) o.collisions() / o.allocations()))
				.append(" | ").append(o.failures()).append(" | ")
				.append(String.format(Locale.ROOT, "%.1f s", o.millis() / 1000.0)).append(" | ").append(o.noise()).append(" | ")
				.append(o.firstProblem().replace("|", "\\|")).append(" |\n");
		}
		md.append("\nThe registry keeps freeport's users apart; a process outside it is seen only by the bind probe, at"
				+ " the moment of the probe. A port handed on as a number stays open to such a process until the code"
				+ " under test binds it. `hold()` (`@FreePort(hold = true)`) keeps the port bound from the probe until"
				+ " `handOff()`, which leaves open only the moment between `handOff()` and the bind that follows it; a"
				+ " `ServerSocket`, `ServerSocketChannel` or `DatagramChannel` injected by `@FreePort` comes bound, and"
				+ " the code under test uses it as it is. Use them where processes outside freeport bind ports of the"
				+ " same range ([hand-off](hand-off.md)).\n");
		return new Section("foreign", "a foreign process binding ports of the range (no target: the picture)", verdict,
			md.toString());
	}
}
