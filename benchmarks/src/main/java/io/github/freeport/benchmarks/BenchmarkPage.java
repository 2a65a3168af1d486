package io.github.freeport.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Assembles {@code docs/benchmarks.md} from the sections in the results folder, in a fixed order; a part
 * not run yet is named with the command that runs it:
 * {@code java -cp benchmarks.jar io.github.freeport.benchmarks.BenchmarkPage target/results docs/benchmarks.md}.
 */
public final class BenchmarkPage {

	/** The parts, in page order, as {@code run.sh} names them. */
	static final List<String> PARTS = List.of("coldstart", "young", "overhead", "latency", "report", "collisions", "foreign",
		"scaling", "recovery");

	/**
	 * What was done about each target, said on the page where the run did not meet it: what changed in the
	 * code, never a figure (the figures are the sections').
	 */
	static final java.util.Map<String, String> TRIED = java.util.Map.of(
		"coldstart", "nothing is logged on the way to the first port (the INFO line of the effective configuration"
				+ " started `java.util.logging`), chaos draws no seed unless it is on (a `SecureRandom`), times and run"
				+ " ids are written by hand (no `java.time` formatters or time zones), the code on that path has no"
				+ " lambdas, streams, regular expressions, `String.format` or enum switches (each a class of its own),"
				+ " string concatenation is compiled inline, records used as keys compare by hand, and the trace file is"
				+ " attached only where Open Test Reporting is on. The listeners that run in every JUnit JVM with freeport"
				+ " on its class path cost next to nothing until it is used (no `ProcessHandle`, file channel or unique id"
				+ " on the way in); the bind probe learns the host with the socket channel it probes with; the holder"
				+ " lookup, UDP's defaults and the lease lookup wait until needed; the run report is built streaming, its"
				+ " decimals written by hand (no locale data). What remains, phase by phase in the section: JUnit's own"
				+ " first unique id (the lease's owner) and first report entry (stamped with the local time, which loads"
				+ " the time-zone rules), the JDK's file channels, locks and sockets, freeport's own classes (the section"
				+ " says what each costs on this machine), and the run report at the end of the session; reaching the"
				+ " target would take far fewer classes on that path, or a class-data-sharing archive that includes"
				+ " freeport.",
		"young", "the quarantine no longer makes a narrow range wait (the waits column), and the allocation path was"
				+ " cut where a young JVM pays for it: there freeport's code runs interpreted, and after each pause at a"
				+ " test suite's pace none of it is in the processor's caches, so every distinct method an allocation"
				+ " touches costs about as much as a system call. The reserving frame is recorded as a throwable's stack"
				+ " (not a `StackWalker` stream), holder slots are written from a heap image with a seek and a write (not"
				+ " a file channel's write), the lock files' identity is checked on a daemon thread ahead of the leases,"
				+ " the lease table and the lease use monitors (not atomic arrays and a read-write lock), and the request,"
				+ " the walk over the range and the trace are made with fewer calls, records and collections. What remains"
				+ " is what the idiom does not do at all: the lease's file lock and slot write beside the probe's socket,"
				+ " and the methods of freeport's layers (configuration, request, allocator, registry, trace,"
				+ " reservation) that each allocation runs; meeting the target would take an allocation path of a few"
				+ " methods through all of them.",
		"overhead", "the configuration is read once per run, the trace file is attached only where Open Test"
				+ " Reporting is on, the events file kept open is looked for at its path now and then and at each run's"
				+ " first event instead of at every event (a `stat`, as dear as the line's write), the event's line is"
				+ " built in one buffer, and the allocation runs fewer calls (see young); the rest is the lease, the"
				+ " probe and the event's one write per test, which a line kept in memory would save but a crash would lose.",
		"latency", "the lease table, slot write, release (one metadata write, not two) and configuration reads"
				+ " were cut until the OS calls dominate (the lock, the slot write and the bind probe, see where the time"
				+ " goes), and the lock files' identity check moved to a daemon thread; the slot is written with a seek"
				+ " and a write, one system call more than a positional write here, for fewer calls in young JVMs. The"
				+ " rest is the allocation's Java code (see where the time goes).",
		"report", "the report is built in one pass over the files without holding the events (no sort: each table"
				+ " keeps its first rows in a bounded heap), most lines are read where they lie in the buffer, only the"
				+ " values the report counts, a whole event is built only for a line a table may show, and above 1,000"
				+ " leases the timeline draws each fork's leases over time instead of a bar per lease; the heap-limited"
				+ " build shows the memory. What remains is mostly a fresh JVM running that code before it has compiled"
				+ " it well (the first lines run in the interpreter and in quickly compiled code).");

	private BenchmarkPage() {
	}

	public static void main(String[] args) throws IOException {
		if (args.length != 2) {
			throw new IllegalArgumentException("Usage: BenchmarkPage <results folder> <output.md>, got " + args.length
					+ " arguments");
		}
		Path results = Path.of(args[0]);
		StringBuilder md = new StringBuilder();
		md.append("# Benchmarks\n\n");
		md.append("freeport against the idioms users have today (`new ServerSocket(0)`, a random port with a bind check,"
				+ " Spring's `TestSocketUtils`) where users pay for a port: the first port of a fresh test JVM, young JVMs"
				+ " on a narrow range, the extension's cost per test, the hot path; then the run report, collisions with"
				+ " and without processes outside freeport, scaling and crash recovery. Generated by `benchmarks/run.sh all`"
				+ " (the one command to reproduce it; `benchmarks/run.sh <part>` reruns one part and keeps the others'"
				+ " last results); do not edit by hand.\n\n");
		md.append("## Machine\n\n| | |\n| --- | --- |\n");
		md.append("| page assembled | ").append(RunConditions.now()).append(" (each section says when it was measured) |\n");
		md.append("| CPUs (`nproc`) | ").append(Runtime.getRuntime().availableProcessors())
			.append(" |\n");
		md.append("| CPU model | ").append(Machine.cpuModel()).append(" |\n");
		md.append("| OS | ").append(Machine.osName()).append(", kernel ").append(System.getProperty("os.version")).append(' ')
			.append(System.getProperty("os.arch")).append(" |\n");
		md.append("| Java | ").append(System.getProperty("java.vm.name")).append(' ').append(System.getProperty("java.version"))
			.append(" |\n");
		double[] load = RunConditions.loadAverages();
		md.append("| load average when the page was assembled | ").append(RunConditions.loadAverage())
			.append(" (1 / 5 / 15 min) |\n\n");
		int cpus = Runtime.getRuntime().availableProcessors();
		md.append("Every figure below comes from a ").append(cpus).append("-core machine; each section gives the load"
				+ " average around its run, which counts the benchmark's own processes too (the multi-JVM parts run 8 or"
				+ " more JVMs at once) and whatever else the machine ran. Every comparison is made within one run, a ratio"
				+ " or a difference against a baseline measured alongside, so that load falls on both sides alike.");
		if (load.length == 3 && load[0] > 2 * cpus) {
			md.append(String.format(java.util.Locale.ROOT, " When the page was assembled, %.1f processes on average had"
					+ " been running or waiting for one of the %d CPUs over the last minute.", load[0], cpus));
		}
		md.append("\n\n");
		md.append("## Summary\n\n| part | target | verdict |\n| --- | --- | --- |\n");
		for (String part : PARTS) {
			Path verdict = results.resolve(part + ".verdict");
			if (Files.exists(verdict)) {
				String[] fields = Files.readString(verdict, StandardCharsets.UTF_8).trim().split("\t", 2);
				md.append("| [").append(part).append("](#").append(anchor(results, part)).append(") | ").append(fields[0])
					.append(" | ").append(fields.length > 1 ? fields[1] : "").append(" |\n");
			}
			else {
				md.append("| ").append(part).append(" | | not run yet: `benchmarks/run.sh ").append(part).append("` |\n");
			}
		}
		md.append('\n');
		StringBuilder notMet = new StringBuilder();
		for (String part : PARTS) {
			Path verdict = results.resolve(part + ".verdict");
			if (Files.exists(verdict) && Files.readString(verdict, StandardCharsets.UTF_8).contains("**not met**")
					&& TRIED.containsKey(part)) {
				notMet.append("- **").append(part).append("**: ").append(TRIED.get(part)).append('\n');
			}
		}
		if (notMet.length() > 0) {
			md.append("### Targets not met, and what was done about them\n\n").append(notMet).append('\n');
		}
		for (String part : PARTS) {
			Path section = results.resolve(part + ".md");
			if (Files.exists(section)) {
				md.append(Files.readString(section, StandardCharsets.UTF_8).strip()).append("\n\n");
			}
		}
		Files.writeString(Path.of(args[1]), md.toString().strip() + "\n", StandardCharsets.UTF_8);
	}

	/** GitHub's anchor of the section's first heading. */
	private static String anchor(Path results, String part) throws IOException {
		Path section = results.resolve(part + ".md");
		if (!Files.exists(section)) {
			return part;
		}
		String heading = Files.readString(section, StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("## "))
			.findFirst().orElse("## " + part).substring(3);
		return heading.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9 -]", "").replace(' ', '-');
	}
}
