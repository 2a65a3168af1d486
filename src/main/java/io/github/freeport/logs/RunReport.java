package io.github.freeport.logs;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;
import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

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
 * The files are read line by line in one pass, and only what the report shows is kept: the counts, the
 * first rows of each table, the leases of the timeline (each one for a small run, each fork's over time for
 * a large one). Memory grows with the forks and tests, never with the events; all of a run's lines in
 * memory, for tools that need them, are {@link RunEvents}.
 *
 * <p>Rebuilding is idempotent and safe while other forks still write: the report is always built from all
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
	private final RunTally tally;
	private final List<ForkConfiguration> configurations;
	private final int files;

	private RunReport(Path runFolder, RunTally tally, List<ForkConfiguration> configurations, int files) {
		this.runFolder = runFolder;
		this.tally = tally;
		this.configurations = configurations;
		this.files = files;
	}

	/**
	 * Reads every {@code events-*.jsonl} file of a run folder, in any order, line by line. Unreadable lines
	 * are skipped and listed in {@link #problems()}; a last line without its line break (a fork still
	 * writing, or killed mid-line) is skipped silently.
	 *
	 * @throws UncheckedIOException when the folder cannot be listed
	 */
	public static RunReport read(Path runFolder) {
		RunTally tally = new RunTally();
		List<Path> eventFiles = filesIn(runFolder, EventLog.EVENTS_PREFIX, EventLog.EVENTS_SUFFIX);
		EventsFileReader reader = new EventsFileReader();
		for (Path file : eventFiles) {
			try {
				reader.read(file, false, tally);
			}
			catch (IOException e) {
				tally.problem(file.getFileName() + ": cannot be read: " + e);
			}
		}
		return new RunReport(runFolder, tally, configurations(runFolder, tally), eventFiles.size());
	}

	/** Each fork's configuration file, in the order the forks first logged; one that cannot be read is a problem. */
	static List<ForkConfiguration> configurations(Path runFolder, EventsFileReader.Lines problems) {
		List<ForkConfiguration> configurations = new ArrayList<>();
		for (Path file : filesIn(runFolder, ForkConfiguration.FILE_PREFIX, ForkConfiguration.FILE_SUFFIX)) {
			try {
				configurations.add(ForkConfiguration.fromJson(Files.readString(file, StandardCharsets.UTF_8).trim()));
			}
			catch (IOException e) {
				problems.problem(file.getFileName() + ": cannot be read: " + e);
			}
			catch (IllegalArgumentException e) {
				problems.problem(file.getFileName() + ": " + e.getMessage());
			}
		}
		Collections.sort(configurations);
		return List.copyOf(configurations);
	}

	/** The run folder's files named {@code <prefix><pid><suffix>}, sorted. */
	static List<Path> filesIn(Path runFolder, String prefix, String suffix) {
		List<Path> files = new ArrayList<>();
		try (DirectoryStream<Path> listing = Files.newDirectoryStream(runFolder)) {
			for (Path path : listing) {
				String name = path.getFileName().toString();
				if (name.startsWith(prefix) && name.endsWith(suffix)) {
					files.add(path);
				}
			}
		}
		catch (IOException e) {
			throw new UncheckedIOException("Cannot list the freeport run folder " + runFolder + ": " + e, e);
		}
		Collections.sort(files);
		return files;
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
			try (Writer out = new OutputStreamWriter(Files.newOutputStream(temporary), StandardCharsets.UTF_8)) {
				new RunReportPage(this).writeTo(new HtmlWriter(out));
			}
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

	/** How many allocation events the run's files hold. */
	@API(status = INTERNAL, since = "0.1")
	public long allocationCount() {
		return tally.allocations();
	}

	/** The first failed allocations, by time: as many as the report lists ({@link #failureCount()} counts all). */
	@API(status = INTERNAL, since = "0.1")
	public List<FailedAllocation> failures() {
		return tally.failures();
	}

	/** How many allocations failed. */
	@API(status = INTERNAL, since = "0.1")
	public long failureCount() {
		return tally.failureCount();
	}

	/**
	 * The first reservations made with {@code Ports} that were not closed (leaked, expired, still held at the
	 * end), by time: as many as the report lists ({@link #noticeCount()} counts all).
	 */
	@API(status = INTERNAL, since = "0.1")
	public List<LeaseNotice> notices() {
		return tally.notices();
	}

	/** How many reservations made with {@code Ports} were not closed. */
	@API(status = INTERNAL, since = "0.1")
	public long noticeCount() {
		return tally.noticeCount();
	}

	/** Each fork's effective configuration, in the order the forks first logged. */
	@API(status = INTERNAL, since = "0.1")
	public List<ForkConfiguration> configurations() {
		return configurations;
	}

	/** The first lines that could not be read, each naming its file and line ({@link #problemCount()} counts all). */
	public List<String> problems() {
		return tally.problems();
	}

	/** How many lines could not be read. */
	@API(status = INTERNAL, since = "0.1")
	public long problemCount() {
		return tally.problemCount();
	}

	int fileCount() {
		return files;
	}

	RunTally tally() {
		return tally;
	}

	/** One line for the console: the run's numbers and where the report is. */
	public String summaryLine() {
		StringBuilder line = new StringBuilder(256).append("[freeport] run ").append(runId()).append(": ")
			.append(tally.allocations()).append(" ports for ").append(tally.tests()).append(" tests in ")
			.append(tally.forks()).append(tally.forks() == 1 ? " fork; " : " forks; ").append(tally.refused())
			.append(" candidates refused");
		if (tally.refused() > 0) {
			boolean first = true;
			for (Refusal refusal : Refusal.values()) {
				if (tally.refusals(refusal) > 0) {
					line.append(first ? " (" : ", ").append(tally.refusals(refusal)).append(' ').append(label(refusal));
					first = false;
				}
			}
			line.append(')');
		}
		List<ShownLease> slowest = tally.slowest();
		if (!slowest.isEmpty()) {
			line.append("; slowest ").append(millis(slowest.get(0).event().duration()));
		}
		line.append("; ").append(tally.waitCount()).append(" waits for an exhausted range");
		if (tally.failureCount() > 0) {
			line.append("; ").append(tally.failureCount()).append(" failed allocations");
		}
		if (tally.noticeCount() > 0) {
			line.append("; ").append(tally.noticeCount()).append(" reservations not closed");
		}
		if (tally.problemCount() > 0) {
			line.append("; ").append(tally.problemCount()).append(" unreadable lines");
		}
		return line.append(". Report: ").append(report().toAbsolutePath().toUri()).toString();
	}

	static String label(Refusal refusal) {
		return refusal.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
	}

	/** {@code 850 µs}, {@code 12.3 ms}: as {@code %.1f} rounds, without a formatter. */
	static String millis(Duration duration) {
		long micros = duration.toNanos() / 1000;
		if (micros < 1000) {
			return micros + " µs";
		}
		long tenths = (micros + 50) / 100;
		return tenths / 10 + "." + tenths % 10 + " ms";
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
	long lineCount() {
		return tally.allocations() + tally.failureCount() + tally.noticeCount();
	}
}
