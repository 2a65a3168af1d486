package io.github.freeport.logs;

import static org.apiguardian.api.API.Status.INTERNAL;

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
	 * Reads a file's content.
	 *
	 * @param name the file's name, for problems
	 * @param content the whole file
	 * @param complete whether the file is finished; if not, the piece after its last line break is a line
	 * still being written (or cut short by a kill) and is skipped silently
	 */
	public static EventsFile read(String name, String content, boolean complete) {
		List<AllocationEvent> allocations = new ArrayList<>();
		List<FailedAllocation> failures = new ArrayList<>();
		List<LeaseNotice> notices = new ArrayList<>();
		List<String> problems = new ArrayList<>();
		String[] lines = content.split("\n", -1);
		int read = complete ? lines.length : lines.length - 1;
		for (int i = 0; i < read; i++) {
			if (lines[i].isBlank()) {
				continue;
			}
			try {
				JsonFields fields = JsonFields.of(lines[i], "allocation event");
				switch (fields.kind()) {
					case JsonFields.ALLOCATION -> allocations.add(AllocationEvent.fromJson(fields));
					case FailedAllocation.KIND -> failures.add(FailedAllocation.fromJson(fields));
					default -> notices.add(LeaseNotice.fromJson(fields));
				}
			}
			catch (IllegalArgumentException e) {
				problems.add(name + " line " + (i + 1) + ": " + e.getMessage());
			}
		}
		return new EventsFile(allocations, failures, notices, problems);
	}
}
