package io.github.freeport.logs;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apiguardian.api.API;

/**
 * The lines of one {@code events-<pid>.jsonl} file, read by kind: allocation events, failed allocations,
 * and notices of reservations not closed. Lines that cannot be read are listed, each naming the file and line.
 *
 * @param allocations the allocation events, in file order
 * @param failures the failed allocations, in file order
 * @param notices the reservations noticed leaked, expired or still held, in file order
 * @param problems the lines that could not be read
 */
@API(status = INTERNAL, since = "0.1")
public record EventsFile(List<AllocationEvent> allocations, List<FailedAllocation> failures, List<LeaseNotice> notices,
		List<String> problems) {

	public EventsFile {
		allocations = List.copyOf(allocations);
		failures = List.copyOf(failures);
		notices = List.copyOf(notices);
		problems = List.copyOf(problems);
	}

	/**
	 * Reads a whole file into memory, for tools that need all its lines at once (the run report streams).
	 *
	 * @param complete whether the file is finished; if not, the piece after its last line break is a line
	 * still being written (or cut short by a kill) and is skipped silently
	 * @throws IOException when the file cannot be read
	 */
	public static EventsFile read(Path file, boolean complete) throws IOException {
		Collected lines = new Collected();
		new EventsFileReader().read(file, complete, lines);
		return new EventsFile(lines.allocations, lines.failures, lines.notices, lines.problems);
	}

	/** The lines of one or more files, in the order read. */
	static final class Collected implements EventsFileReader.Lines {

		final List<AllocationEvent> allocations = new ArrayList<>();
		final List<FailedAllocation> failures = new ArrayList<>();
		final List<LeaseNotice> notices = new ArrayList<>();
		final List<String> problems = new ArrayList<>();

		@Override
		public void allocation(AllocationLine line) {
			allocations.add(line.event());
		}

		@Override
		public void failure(FailedAllocation failure) {
			failures.add(failure);
		}

		@Override
		public void notice(LeaseNotice notice) {
			notices.add(notice);
		}

		@Override
		public void problem(String problem) {
			problems.add(problem);
		}
	}
}
