package io.github.freeport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Usage errors exit 2 with a message that names the wrong value; help exits 0 and lists the exit codes. */
class UsageErrorsIT {

	@TempDir
	Path temp;

	@Test
	void noCommand() throws InterruptedException {
		assertUsageError(run(), "Missing command: expected one of status, who, occupy, doctor, report, replay");
	}

	@Test
	void unknownCommand() throws InterruptedException {
		assertUsageError(run("stauts"), "Unmatched argument at index 0: 'stauts'");
	}

	@Test
	void portOutOfRange() throws InterruptedException {
		assertUsageError(run("who", "70000"), "Invalid port 70000: expected 1-65535");
	}

	@Test
	void portNotANumber() throws InterruptedException {
		assertUsageError(run("who", "http"), "'http' is not an int");
	}

	@Test
	void unknownMode() throws InterruptedException {
		assertUsageError(run("occupy", "20000", "--mode", "squat"),
			"'squat' is not a mode: expected one of listen, bind, udp, other-process, leased");
	}

	@Test
	void badDuration() throws InterruptedException {
		assertUsageError(run("occupy", "20000", "--for", "soon"), "'soon' is not a duration");
	}

	@Test
	void missingPort() throws InterruptedException {
		assertUsageError(run("occupy"), "Missing required parameter: 'PORT'");
	}

	@Test
	void helpListsOptionsAndExitCodes() throws InterruptedException {
		CliProcess.Result result = run("occupy", "--help");

		assertThat(result.exitCode()).as("%s", result).isZero();
		assertThat(result.out()).as("%s", result).contains("Usage: freeport occupy")
			.contains("--mode=MODE").contains("--for=DURATION").contains("--registry-dir=FOLDER")
			.contains("Exit codes:").contains("How to keep the ports busy: listen, bind, udp,")
			.contains("130   stopped by Ctrl-C");
	}

	private CliProcess.Result run(String... arguments) throws InterruptedException {
		return CliProcess.run(temp, arguments);
	}

	private static void assertUsageError(CliProcess.Result result, String message) {
		assertThat(result.exitCode()).as("%s", result).isEqualTo(2);
		assertThat(result.err()).as("%s", result).contains(message);
	}
}
