package io.github.freeport.logs;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;

import org.apiguardian.api.API;

/**
 * Every line of a run folder's {@code events-*.jsonl} files, read into memory and sorted by time: for tools
 * that need them all at once (a replay, tests). The run report reads the same files without holding them
 * ({@link RunReport}).
 *
 * @param events the allocation events, by start
 * @param failures the failed allocations, by time
 * @param notices the reservations noticed leaked, expired or still held, by time
 * @param problems the lines that could not be read, each naming its file and line
 */
@API(status = INTERNAL, since = "0.1")
public record RunEvents(List<AllocationEvent> events, List<FailedAllocation> failures, List<LeaseNotice> notices,
		List<String> problems) {

	public RunEvents {
		events = List.copyOf(events);
		failures = List.copyOf(failures);
		notices = List.copyOf(notices);
		problems = List.copyOf(problems);
	}

	/**
	 * Reads every events file of a run folder, as {@link RunReport#read} does: unreadable lines are skipped and
	 * listed, a last line without its line break is skipped silently.
	 *
	 * @throws UncheckedIOException when the folder cannot be listed
	 */
	public static RunEvents read(Path runFolder) {
		EventsFile.Collected lines = new EventsFile.Collected();
		EventsFileReader reader = new EventsFileReader();
		for (Path file : RunReport.filesIn(runFolder, EventLog.EVENTS_PREFIX, EventLog.EVENTS_SUFFIX)) {
			try {
				reader.read(file, false, lines);
			}
			catch (IOException e) {
				lines.problem(file.getFileName() + ": cannot be read: " + e);
			}
		}
		Collections.sort(lines.allocations);
		Collections.sort(lines.failures);
		Collections.sort(lines.notices);
		return new RunEvents(lines.allocations, lines.failures, lines.notices, lines.problems);
	}
}
