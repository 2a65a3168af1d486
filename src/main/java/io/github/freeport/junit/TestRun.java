package io.github.freeport.junit;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

import io.github.freeport.config.Configuration;
import io.github.freeport.logs.EventLog;
import org.junit.platform.engine.ConfigurationParameters;

/**
 * One execution of a test plan as {@link ScopeListener} saw it: its configuration, read from JUnit's
 * configuration parameters as {@code @FreePort} reads it, and the run folder its events go to. Both are
 * worked out when first asked for, so a run without {@code reserveForTest()} pays nothing. Not API.
 */
final class TestRun {

	private final ConfigurationParameters parameters;
	private volatile Configuration configuration;
	private volatile Path runFolder;
	private volatile TestRun previous;

	TestRun(ConfigurationParameters parameters) {
		this.parameters = parameters;
	}

	/** The run that was the latest when this one started: one running around it, or one before it. */
	void follows(TestRun run) {
		previous = run;
	}

	TestRun previous() {
		return previous;
	}

	Configuration configuration() {
		Configuration current = configuration;
		if (current == null) {
			current = Configuration.from(new Parameters(parameters)).memoized();
			configuration = current;
		}
		return current;
	}

	/**
	 * Whether traces are attached to their tests as files: as {@code freeport.log.attach} says, else where Open
	 * Test Reporting is on.
	 */
	boolean attach() {
		Optional<Boolean> configured = configuration().logAttach();
		if (configured.isPresent()) {
			return configured.get();
		}
		Optional<String> reporting = parameters.get("junit.platform.reporting.open.xml.enabled");
		return reporting.isPresent() && Boolean.parseBoolean(reporting.get().trim());
	}

	/**
	 * The run folder.
	 *
	 * @throws io.github.freeport.FreePortException naming the key when the log folder or run id is invalid
	 */
	Path runFolder() {
		Path folder = runFolder;
		if (folder == null) {
			folder = EventLog.runFolder(configuration());
			runFolder = folder;
		}
		return folder;
	}

	/** A test plan's configuration parameters, by key, as the configuration asks for them. */
	private static final class Parameters implements Function<String, Optional<String>> {

		private final ConfigurationParameters parameters;

		Parameters(ConfigurationParameters parameters) {
			this.parameters = parameters;
		}

		@Override
		public Optional<String> apply(String key) {
			return parameters.get(key);
		}
	}
}
