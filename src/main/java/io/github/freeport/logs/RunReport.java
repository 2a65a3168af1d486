package io.github.freeport.logs;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;
import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.github.freeport.AllocationTrace.Attempt;
import io.github.freeport.AllocationTrace.Refusal;
import org.apiguardian.api.API;

/**
 * A run's allocation events, read from all its forks' JSON Lines files, and the self-contained HTML
 * report built from them ({@value #FILE_NAME} in the run folder).
 *
 * <pre>{@code
 * Path report = RunReport.write(Path.of("target/freeport/20250101-101500-4242"));
 * }</pre>
 *
 * Rebuilding is idempotent and safe while other forks still write: the report is always built from all
 * files, written to a temporary file and moved into place atomically, so the last writer wins with the
 * most complete picture.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class RunReport {

	/** The report's file name in the run folder. */
	public static final String FILE_NAME = "report.html";
	/** Held by the fork that reads the run's files and writes the report, so that writes never go backwards. */
	static final String REPORT_LOCK_NAME = "report.lock";
	private static final Object REPORT_LOCK = new Object();

	private final Path runFolder;
	private final List<AllocationEvent> events;
	private final List<FailedAllocation> failures;
	private final List<LeaseNotice> notices;
	private final List<ForkConfiguration> configurations;
	private final List<String> problems;
	private final int files;

	private RunReport(Path runFolder, List<AllocationEvent> events, List<FailedAllocation> failures,
			List<LeaseNotice> notices, List<ForkConfiguration> configurations, List<String> problems, int files) {
		this.runFolder = runFolder;
		this.events = events;
		this.failures = failures;
		this.notices = notices;
		this.configurations = configurations;
		this.problems = problems;
		this.files = files;
	}

	/**
	 * Reads every {@code events-*.jsonl} file of a run folder, in any order; events are sorted by start
	 * time. Unreadable lines are skipped and listed in {@link #problems()}; a last line without its line
	 * break (a fork still writing, or killed mid-line) is skipped silently.
	 *
	 * @throws UncheckedIOException when the folder cannot be listed
	 */
	public static RunReport read(Path runFolder) {
		List<AllocationEvent> events = new ArrayList<>();
		List<FailedAllocation> failures = new ArrayList<>();
		List<LeaseNotice> notices = new ArrayList<>();
		List<ForkConfiguration> configurations = new ArrayList<>();
		List<String> problems = new ArrayList<>();
		List<Path> eventFiles = filesIn(runFolder, EventLog.EVENTS_PREFIX, EventLog.EVENTS_SUFFIX);
		for (Path file : eventFiles) {
			String content;
			try {
				content = Files.readString(file, StandardCharsets.UTF_8);
			}
			catch (IOException e) {
				problems.add(file.getFileName() + ": cannot be read: " + e);
				continue;
			}
			// the piece after the last line break is empty, or a line still being written
			EventsFile lines = EventsFile.read(file.getFileName().toString(), content, false);
			events.addAll(lines.allocations());
			failures.addAll(lines.failures());
			notices.addAll(lines.notices());
			problems.addAll(lines.problems());
		}
		for (Path file : filesIn(runFolder, ForkConfiguration.FILE_PREFIX, ForkConfiguration.FILE_SUFFIX)) {
			try {
				configurations.add(ForkConfiguration.fromJson(Files.readString(file, StandardCharsets.UTF_8).trim()));
			}
			catch (IOException | IllegalArgumentException e) {
				problems.add(file.getFileName() + ": " + (e instanceof IOException ? "cannot be read: " + e : e.getMessage()));
			}
		}
		failures.sort(Comparator.comparing(FailedAllocation::at).thenComparing(FailedAllocation::id));
		notices.sort(Comparator.comparing(LeaseNotice::at).thenComparing(LeaseNotice::id));
		events.sort(Comparator.comparing(AllocationEvent::startedAt).thenComparing(AllocationEvent::id));
		configurations.sort(Comparator.comparing(ForkConfiguration::at).thenComparing(ForkConfiguration::id));
		return new RunReport(runFolder, List.copyOf(events), List.copyOf(failures), List.copyOf(notices),
			List.copyOf(configurations), List.copyOf(problems), eventFiles.size());
	}

	/** The run folder's files named {@code <prefix><pid><suffix>}, sorted. */
	private static List<Path> filesIn(Path runFolder, String prefix, String suffix) {
		try (Stream<Path> listing = Files.list(runFolder)) {
			return listing.filter(path -> {
				String name = path.getFileName().toString();
				return name.startsWith(prefix) && name.endsWith(suffix);
			}).sorted().collect(Collectors.toList());
		}
		catch (IOException e) {
			throw new UncheckedIOException("Cannot list the freeport run folder " + runFolder + ": " + e, e);
		}
	}

	/**
	 * Builds the HTML report of a run folder from all its files and writes it as {@value #FILE_NAME}.
	 *
	 * @return the report's path
	 * @throws UncheckedIOException when the folder cannot be read or the report not written
	 */
	public static Path write(Path runFolder) {
		return read(runFolder).writeHtml();
	}

	/** Writes this report as {@value #FILE_NAME}: to a temporary file, then moved into place atomically. */
	public Path writeHtml() {
		Path target = report();
		Path temporary = runFolder.resolve(FILE_NAME + "." + EventLog.pid() + "." + Thread.currentThread().getId() + ".tmp");
		try {
			Files.writeString(temporary, new RunReportPage(this).render(), StandardCharsets.UTF_8);
			try {
				Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			catch (AtomicMoveNotSupportedException e) {
				Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
			}
			return target;
		}
		catch (IOException e) {
			try {
				Files.deleteIfExists(temporary);
			}
			catch (IOException ignored) {
				// the first failure is the one to report
			}
			throw new UncheckedIOException("Cannot write the freeport run report " + target + ": " + e, e);
		}
	}

	/** The run folder. */
	public Path runFolder() {
		return runFolder;
	}

	/** The report's path in the run folder (written or not). */
	public Path report() {
		return runFolder.resolve(FILE_NAME);
	}

	/** The run id: the run folder's name. */
	public String runId() {
		return runFolder.getFileName().toString();
	}

	/** All events of the run, by start time. */
	@API(status = INTERNAL, since = "0.1")
	public List<AllocationEvent> events() {
		return events;
	}

	/** The allocations that failed, by time. */
	@API(status = INTERNAL, since = "0.1")
	public List<FailedAllocation> failures() {
		return failures;
	}

	/** The reservations made with {@code Ports} that were not closed: leaked, expired, still held at the end; by time. */
	@API(status = INTERNAL, since = "0.1")
	public List<LeaseNotice> notices() {
		return notices;
	}

	/** Each fork's effective configuration, in the order the forks first logged. */
	@API(status = INTERNAL, since = "0.1")
	public List<ForkConfiguration> configurations() {
		return configurations;
	}

	/** Lines that could not be read, each naming its file and line. */
	public List<String> problems() {
		return problems;
	}

	int fileCount() {
		return files;
	}

	/** The refused candidates of the whole run, by refusal. */
	Map<Refusal, Long> refusals() {
		Map<Refusal, Long> counts = new EnumMap<>(Refusal.class);
		events.stream().flatMap(e -> e.attempts().stream())
			.forEach(a -> counts.merge(a.refusal(), 1L, Long::sum));
		return counts;
	}

	long refusedCount() {
		return events.stream().mapToLong(e -> e.attempts().size()).sum();
	}

	List<AllocationEvent> slowest(int limit) {
		return events.stream().sorted(Comparator.comparing(AllocationEvent::duration).reversed()).limit(limit)
			.collect(Collectors.toList());
	}

	List<AllocationEvent> exhaustionWaits() {
		return events.stream().filter(e -> !e.waited().isZero())
			.sorted(Comparator.comparing(AllocationEvent::waited).reversed()).collect(Collectors.toList());
	}

	long forkCount() {
		return events.stream().map(AllocationEvent::pid).distinct().count();
	}

	long testCount() {
		return events.stream().map(AllocationEvent::test).distinct().count();
	}

	/** One line for the console: the run's numbers and where the report is. */
	public String summaryLine() {
		Map<Refusal, Long> refusals = refusals();
		String refused = refusedCount() + " candidates refused"
				+ (refusals.isEmpty() ? "" : " (" + refusals.entrySet().stream()
					.map(e -> e.getValue() + " " + label(e.getKey())).collect(Collectors.joining(", ")) + ")");
		String slowest = events.isEmpty() ? "" : "; slowest " + millis(slowest(1).get(0).duration());
		return "[freeport] run " + runId() + ": " + events.size() + " ports for " + testCount() + " tests in "
				+ forkCount() + (forkCount() == 1 ? " fork; " : " forks; ") + refused + slowest + "; "
				+ exhaustionWaits().size() + " waits for an exhausted range"
				+ (failures.isEmpty() ? "" : "; " + failures.size() + " failed allocations")
				+ (notices.isEmpty() ? "" : "; " + notices.size() + " reservations not closed")
				+ (problems.isEmpty() ? "" : "; " + problems.size() + " unreadable lines")
				+ ". Report: " + report().toAbsolutePath().toUri();
	}

	static String label(Refusal refusal) {
		return refusal.name().toLowerCase().replace('_', ' ');
	}

	static String millis(Duration duration) {
		long micros = duration.toNanos() / 1000;
		if (micros < 1000) {
			return micros + " µs";
		}
		long tenths = (micros + 50) / 100; // rounded half up, as %.1f would
		return tenths / 10 + "." + tenths % 10 + " ms";
	}

	/**
	 * A number with one decimal, rounded half up, as {@code String.format(Locale.ROOT, "%.1f", value)} writes it
	 * but by hand: the report is written as the last fork's JVM ends, and the formatter would load and initialise
	 * the JDK's locale data there first.
	 */
	static String oneDecimal(double value) {
		if (!Double.isFinite(value)) {
			return Double.toString(value);
		}
		long tenths = Math.round(Math.abs(value) * 10);
		return (value < 0 ? "-" : "") + tenths / 10 + "." + tenths % 10;
	}

	static String attempts(List<Attempt> attempts) {
		return attempts.stream().map(Attempt::toString).collect(Collectors.joining("; "));
	}

	/**
	 * Rebuilds the report of every run folder this JVM wrote to and, where no other fork of the run is
	 * still open, prints the summary line once (the fork that claims {@code printed-<events>} first).
	 */
	@API(status = INTERNAL, since = "0.1")
	public static void writeAndAnnounce(Path runFolder) {
		// Forks finishing together must not overwrite a fuller report with an older one: each reads and writes
		// under a lock shared by all forks, so the last to write is the last to read, after every fork that
		// wrote before it had logged all its events. Whether others are still open is asked before reading,
		// so a summary line printed as the last one counts everything.
		synchronized (REPORT_LOCK) {
			try (FileChannel channel = FileChannel.open(runFolder.resolve(REPORT_LOCK_NAME), StandardOpenOption.CREATE,
					StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
				writeAndAnnounceLocked(runFolder);
			}
			catch (IOException e) {
				throw new UncheckedIOException("Cannot lock " + runFolder.resolve(REPORT_LOCK_NAME) + ": " + e, e);
			}
		}
	}

	private static void writeAndAnnounceLocked(Path runFolder) {
		boolean last = !EventLog.otherForksOpen(runFolder);
		RunReport report = read(runFolder);
		report.writeHtml();
		if (last) {
			try {
				Files.createFile(runFolder.resolve("printed-" + report.lineCount()));
				System.out.println(report.summaryLine());
			}
			catch (FileAlreadyExistsException e) {
				// another fork finishing at the same moment printed the same numbers
			}
			catch (IOException e) {
				System.out.println(report.summaryLine());
			}
		}
	}

	/** How many lines were read: allocations, failures and notices. */
	int lineCount() {
		return events.size() + failures.size() + notices.size();
	}

	Instant firstStart() {
		return events.isEmpty() ? Instant.EPOCH : events.get(0).startedAt();
	}
}
