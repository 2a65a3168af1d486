package io.github.freeport.conflicts;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.github.freeport.AllocationTrace.Attempt;
import io.github.freeport.AllocationTrace.Refusal;
import io.github.freeport.FreePortException;
import io.github.freeport.Occupation;
import io.github.freeport.Protocol;
import io.github.freeport.logs.AllocationEvent;
import io.github.freeport.logs.EventsFile;
import io.github.freeport.logs.RunEvents;
import org.apiguardian.api.API;

/**
 * Re-creates the busy ports a test met in a recorded run, from the run's allocation log, so the conflict
 * reproduces on another machine:
 *
 * <pre>{@code
 * ReplayPlan plan = Replay.plan(Path.of("ci-artifacts/freeport/1234"), "ServerTests]/[method:starts(int)]");
 * System.out.println(plan.describe());
 * try (ReplayedConflicts busy = plan.occupy()) {
 *     // run the test, or the code under test: it meets the same busy ports, refused the same way, in order
 * }
 * }</pre>
 *
 * Every candidate port the test's allocations refused becomes one {@link ReplayStep}, in the order they were
 * tried (the test's events in time order, then each event's refused candidates in order):
 * <ul>
 * <li>{@code LEASED_IN_THIS_JVM}, {@code LEASED_BY_OTHER_PROCESS}: a registry lease held by this JVM, its holder
 * named after the recorded one ({@link Occupation#LEASED_ONLY}); when the recorded holder was itself an
 * occupation ({@code @OccupiedPort}, {@code PortConflicts}, chaos), that occupation, socket and lease.
 * Leases the test held itself (its own other declarations, its class's) are left out: running the test
 * takes them again.</li>
 * <li>{@code BIND_FAILED}: a socket held outside the registry, as the recorded holder was:
 * {@link Occupation#UDP_BOUND} when the recorded bind error was UDP, else
 * {@link Occupation#LISTENING_IN_OTHER_PROCESS}. The log does not record whether the outside TCP holder
 * listened; {@link ReplayPlan#withOccupation(int, Occupation)} changes the choice.</li>
 * <li>{@code QUARANTINED}: cannot be re-created as such (it depends on timing); a phantom lease instead, so
 * the port is refused as leased rather than quarantined. The step's note says so.</li>
 * </ul>
 * The CLI's {@code replay} command is built on {@link #plan(Path, String)}, {@link ReplayPlan#describe()}
 * and {@link ReplayPlan#occupy()}; the three are kept stable.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class Replay {

	private static final int LISTED = 10;
	private static final String OCCUPIED = "occupied, ";

	private Replay() {
	}

	/**
	 * The plan for the only test of the log that met busy ports.
	 *
	 * @param log a run folder ({@code target/freeport/<run id>}) or one {@code events-<pid>.jsonl} file
	 * @throws FreePortException when the log cannot be read, or no test or several tests met busy ports
	 *         (the message lists them)
	 */
	public static ReplayPlan plan(Path log) {
		return plan(log, null);
	}

	/**
	 * The plan for one test of a recorded run.
	 *
	 * @param log a run folder ({@code target/freeport/<run id>}) or one {@code events-<pid>.jsonl} file
	 * @param test the test's JUnit unique id, or a fragment of its unique id or display name that only one
	 *        test of the log matches (case-insensitive); {@code null} or blank for the only test that met
	 *        busy ports
	 * @throws FreePortException when the log cannot be read, when no test matches (the message lists tests
	 *         of the log), or several do (the message lists them)
	 */
	public static ReplayPlan plan(Path log, String test) {
		RecordedRun run = read(log);
		List<AllocationEvent> chosen = select(run, test);
		String testId = chosen.get(0).test();
		List<ReplayStep> steps = new ArrayList<>();
		List<String> notes = new ArrayList<>(run.problems());
		Map<Integer, ReplayStep> byPort = new LinkedHashMap<>();
		for (AllocationEvent event : chosen) {
			for (Attempt attempt : event.attempts()) {
				ReplayStep step = step(event, attempt, notes);
				if (step == null) {
					continue;
				}
				ReplayStep earlier = byPort.putIfAbsent(step.port(), step);
				if (earlier != null) {
					notes.add(step.port() + " refused again (" + ReplayStep.label(attempt.refusal()) + ") by event "
							+ event.id() + ": occupied once, as the first refusal says");
					continue;
				}
				steps.add(step);
			}
		}
		return new ReplayPlan(log, testId, chosen.stream().map(AllocationEvent::id).collect(Collectors.toList()), steps,
			notes);
	}

	/** The step that re-creates one refused candidate, or {@code null} when the test re-creates it itself. */
	private static ReplayStep step(AllocationEvent event, Attempt attempt, List<String> notes) {
		String detail = attempt.detail();
		switch (attempt.refusal()) {
			case LEASED_IN_THIS_JVM:
			case LEASED_BY_OTHER_PROCESS: {
				String owner = attempt.refusal() == Refusal.LEASED_IN_THIS_JVM ? detail
						: ownerInHolder(detail);
				Occupation recorded = recordedOccupation(owner);
				String marker = recorded == null ? "" : OCCUPIED + recorded.describe() + ", for ";
				String ownerTest = recorded == null ? owner : owner.substring(owner.indexOf(marker) + marker.length());
				if (attempt.refusal() == Refusal.LEASED_IN_THIS_JVM
						&& isOwnOrEnclosing(ownerTest, event.test())) {
					notes.add(attempt.port() + " left out: leased by the test itself (" + owner
							+ "), which takes it again when it runs");
					return null;
				}
				String note = attempt.refusal() == Refusal.LEASED_BY_OTHER_PROCESS
						? "leased by this JVM in the replay: freeport in this JVM reports it leased in this JVM" : "";
				if (recorded != null && recorded != Occupation.LEASED_ONLY) {
					return new ReplayStep(attempt.port(), recorded.protocol(), recorded, true, attempt.refusal(), detail,
						event.id(), note);
				}
				return new ReplayStep(attempt.port(), event.protocol(), Occupation.LEASED_ONLY, true, attempt.refusal(),
					detail, event.id(), note);
			}
			case QUARANTINED:
				return new ReplayStep(attempt.port(), event.protocol(), Occupation.LEASED_ONLY, true, attempt.refusal(),
					detail, event.id(), "quarantine depends on timing: re-created as a phantom lease, refused as leased");
			default: {
				boolean udp = detail.startsWith("UDP ") || !detail.startsWith("TCP ") && event.protocol() == Protocol.UDP;
				Occupation occupation = udp ? Occupation.UDP_BOUND : Occupation.LISTENING_IN_OTHER_PROCESS;
				return new ReplayStep(attempt.port(), occupation.protocol(), occupation, false, attempt.refusal(), detail,
					event.id(), udp ? "" : "the log does not say whether the holder listened: listening assumed");
			}
		}
	}

	/** The owner inside a registry holder's description: {@code pid 4243 fork 2 (owner)} gives {@code owner}. */
	private static String ownerInHolder(String detail) {
		int open = detail.indexOf(" (");
		return open >= 0 && detail.endsWith(")") ? detail.substring(open + 2, detail.length() - 1) : detail;
	}

	/** The occupation an owner like {@code occupied, bound but not listening, for ...} names (also inside a replay's holder name), or {@code null}. */
	private static Occupation recordedOccupation(String owner) {
		for (Occupation occupation : Occupation.values()) {
			if (owner.contains(OCCUPIED + occupation.describe() + ", for ")) {
				return occupation;
			}
		}
		return null;
	}

	private static boolean isOwnOrEnclosing(String owner, String test) {
		return test.equals(owner) || test.startsWith(owner + "/");
	}

	private static List<AllocationEvent> select(RecordedRun run, String test) {
		Map<String, List<AllocationEvent>> byTest = new LinkedHashMap<>();
		run.events().forEach(e -> byTest.computeIfAbsent(e.test(), k -> new ArrayList<>()).add(e));
		if (test == null || test.isBlank()) {
			List<String> conflicted = byTest.entrySet().stream()
				.filter(e -> e.getValue().stream().anyMatch(event -> !event.attempts().isEmpty()))
				.map(Map.Entry::getKey).collect(Collectors.toList());
			if (conflicted.size() == 1) {
				return byTest.get(conflicted.get(0));
			}
			throw new FreePortException(conflicted.isEmpty()
					? "No test met a busy port in " + run.source() + " (" + run.events().size()
							+ " allocations, none refused a candidate): nothing to replay"
					: conflicted.size() + " tests met busy ports in " + run.source() + "; name one (its unique id, or a"
							+ " fragment only it matches):" + list(conflicted, byTest));
		}
		if (byTest.containsKey(test)) {
			return byTest.get(test);
		}
		String fragment = test.toLowerCase(Locale.ROOT);
		Set<String> matching = new LinkedHashSet<>();
		run.events().stream()
			.filter(e -> e.test().toLowerCase(Locale.ROOT).contains(fragment)
					|| e.displayName().toLowerCase(Locale.ROOT).contains(fragment))
			.forEach(e -> matching.add(e.test()));
		if (matching.size() == 1) {
			return byTest.get(matching.iterator().next());
		}
		if (matching.isEmpty()) {
			List<String> present = byTest.keySet().stream()
				.sorted(Comparator.comparing((String id) -> refusals(byTest.get(id)) == 0))
				.collect(Collectors.toList());
			throw new FreePortException("No test matching '" + test + "' in " + run.source() + " (" + byTest.size()
					+ " tests, " + run.events().size() + " allocations); pass a unique id or a fragment of one, e.g.:"
					+ list(present, byTest));
		}
		throw new FreePortException(matching.size() + " tests match '" + test + "' in " + run.source()
				+ "; pass one of their unique ids, or a longer fragment:" + list(new ArrayList<>(matching), byTest));
	}

	private static long refusals(List<AllocationEvent> events) {
		return events.stream().mapToLong(e -> e.attempts().size()).sum();
	}

	private static String list(List<String> tests, Map<String, List<AllocationEvent>> byTest) {
		String listed = tests.stream().limit(LISTED)
			.map(id -> "\n  " + id + "  (" + byTest.get(id).get(0).displayName() + "; " + byTest.get(id).size()
					+ " allocations, " + refusals(byTest.get(id)) + " refused candidates)")
			.collect(Collectors.joining());
		return listed + (tests.size() > LISTED ? "\n  ... and " + (tests.size() - LISTED) + " more" : "");
	}

	/** The events of a run folder or of one events file, in time order, and the lines that could not be read. */
	record RecordedRun(Path source, List<AllocationEvent> events, List<String> problems) {
	}

	static RecordedRun read(Path log) {
		if (Files.isDirectory(log)) {
			return readFolder(log);
		}
		if (!Files.isRegularFile(log)) {
			throw new FreePortException("No freeport allocation log at " + log + ": expected a run folder"
					+ " (target/freeport/<run id>) or an events-<pid>.jsonl file in one");
		}
		EventsFile lines;
		try {
			lines = EventsFile.read(log, true);
		}
		catch (IOException | UncheckedIOException e) {
			throw new FreePortException("Cannot read the freeport allocation log " + log + ": " + e, e);
		}
		List<AllocationEvent> events = new ArrayList<>(lines.allocations());
		List<String> problems = lines.problems().stream().map(problem -> problem.replaceFirst(": ", " skipped: "))
			.collect(Collectors.toList());
		events.sort(Comparator.comparing(AllocationEvent::startedAt).thenComparing(AllocationEvent::id));
		return checked(new RecordedRun(log, List.copyOf(events), List.copyOf(problems)));
	}

	private static RecordedRun readFolder(Path folder) {
		RunEvents recorded;
		try {
			recorded = RunEvents.read(folder);
		}
		catch (UncheckedIOException e) {
			throw new FreePortException("Cannot read the freeport run folder " + folder + ": " + e.getMessage(), e);
		}
		if (recorded.events().isEmpty() && recorded.problems().isEmpty()) {
			List<Path> runs = runFolders(folder);
			throw new FreePortException("No events-<pid>.jsonl file in " + folder + (runs.isEmpty()
					? ": expected a run folder (target/freeport/<run id>) or an events file"
					: "; it looks like a log folder: pick one of its run folders:" + runs.stream().limit(LISTED)
						.map(run -> "\n  " + run).collect(Collectors.joining())));
		}
		return checked(new RecordedRun(folder, recorded.events(), recorded.problems()));
	}

	private static RecordedRun checked(RecordedRun run) {
		if (run.events().isEmpty()) {
			throw new FreePortException("No readable allocation event in " + run.source() + ":"
					+ run.problems().stream().limit(LISTED).map(p -> "\n  " + p).collect(Collectors.joining()));
		}
		return run;
	}

	private static List<Path> runFolders(Path logDir) {
		try (Stream<Path> children = Files.list(logDir)) {
			return children.filter(Files::isDirectory).filter(Replay::hasEventsFile).sorted().collect(Collectors.toList());
		}
		catch (IOException e) {
			return List.of();
		}
	}

	private static boolean hasEventsFile(Path folder) {
		try (Stream<Path> files = Files.list(folder)) {
			return files.map(f -> f.getFileName().toString()).anyMatch(n -> n.startsWith("events-") && n.endsWith(".jsonl"));
		}
		catch (IOException e) {
			return false;
		}
	}
}
