package io.github.freeport.logs;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import io.github.freeport.Protocol;
import io.github.freeport.config.Configuration;
import org.apiguardian.api.API;

/**
 * Failed allocations of requests made with {@code Ports} that no JUnit scope holds: logged, like a
 * {@code @FreePort}'s, while a launcher session is open, into the run folder of the request's
 * configuration; the test is the request's owner, the element the frame that made it. Not API.
 */
@API(status = INTERNAL, since = "0.1")
public final class ProgrammaticFailures {

	private ProgrammaticFailures() {
	}

	/**
	 * Logs a failure. Never throws: the failure itself is what the caller gets.
	 *
	 * @param owner the request's owner (what it named, else its thread)
	 * @param reservedBy the first frame outside freeport that made the request
	 * @param range the range asked for, as given
	 */
	public static void record(Configuration configuration, String owner, String reservedBy, Protocol protocol, String range,
			List<Integer> preferred, int count, boolean contiguous, RuntimeException error, long pid, String fork) {
		if (LauncherSessions.innermostStart() == null) {
			return;
		}
		Path folder;
		try {
			folder = EventLog.runFolder(configuration);
		}
		catch (RuntimeException e) {
			return; // an invalid freeport.log.dir or run id: nothing to write to
		}
		FailedAllocation failure = new FailedAllocation(AllocationEvent.nextId(pid), folder.getFileName().toString(), owner,
			"", "programmatic", reservedBy, protocol, range, preferred, count, contiguous, FailedAllocation.Outcome.of(error),
			String.valueOf(error.getMessage()), FailedAllocation.holdersNamedBy(error), Instant.now(), pid, fork);
		EventLog.appendJson(folder, failure.toJson());
	}
}
