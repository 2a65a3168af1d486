package io.github.freeport;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.github.freeport.config.Configuration;
import io.github.freeport.junit.EventPublisher;
import io.github.freeport.logs.EventLog;
import io.github.freeport.logs.FailedAllocation;
import io.github.freeport.registry.FileLockRegistry;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Logs a {@code @FreePort} declaration that could not be served: what it asked for, the outcome and the
 * error, as a line in the fork's JSON Lines file and a report entry on the test. Only on the failure path.
 */
final class FailedAllocationLog {

	private FailedAllocationLog() {
	}

	/** Logs the failure; never throws, since the failure itself is what the test must report. */
	static void record(ExtensionContext context, Configuration configuration, FreePort annotation, String element,
			String scope, RuntimeException error) {
		Path runFolder;
		try {
			runFolder = EventLog.runFolder(configuration);
		}
		catch (RuntimeException e) {
			return; // an invalid freeport.log.dir or run id: no log to write to, and its own error says why
		}
		List<Integer> preferred = new ArrayList<>();
		for (int port : annotation.preferred()) {
			preferred.add(port);
		}
		FailedAllocation failure = new FailedAllocation(FailedAllocation.newId(FileLockRegistry.pid()),
			runFolder.getFileName().toString(), context.getUniqueId(), context.getDisplayName(), scope, element,
			annotation.protocol(), requestedRange(annotation, configuration), preferred, annotation.count(),
			annotation.contiguous(), FailedAllocation.Outcome.of(error), String.valueOf(error.getMessage()),
			FailedAllocation.holdersNamedBy(error), Instant.now(), FileLockRegistry.pid(), FileLockRegistry.fork());
		EventPublisher.publishFailure(context, runFolder, failure);
	}

	/** The range as asked for: the attribute, else the configured range, else the configured text that failed. */
	private static String requestedRange(FreePort annotation, Configuration configuration) {
		if (!annotation.range().isEmpty()) {
			return annotation.range();
		}
		try {
			return configuration.range().toString();
		}
		catch (RuntimeException e) {
			return configuration.get(FreePort.RANGE_PROPERTY_NAME).map(Configuration.Setting::value).orElse("?");
		}
	}
}
