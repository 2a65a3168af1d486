package io.github.freeport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.github.freeport.AllocationTrace.Refusal;
import io.github.freeport.ConfiguredRequests;
import io.github.freeport.Occupation;
import io.github.freeport.PortOccupation;
import io.github.freeport.PortReservation;
import io.github.freeport.Ports;
import io.github.freeport.config.Configuration;
import io.github.freeport.conflicts.PortOccupier;
import io.github.freeport.logs.AllocationEvent;
import io.github.freeport.logs.EventLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code freeport replay}, run from the CLI jar over a log recorded in this test. */
class ReplayCommandIT {

	@TempDir
	Path temp;

	@Test
	void recreatesTheRecordedConflictUntilInputEnds() throws Exception {
		Path registry = Files.createDirectory(temp.resolve("registry"));
		Configuration configuration = Configuration.of(Map.of("freeport.registry.dir", registry.toString()), Map.of());
		Path run = Files.createDirectories(temp.resolve("log").resolve("run-1"));
		int busy;
		int fallback;
		// the recorded run: the first preferred port is bound (not listening) by someone, so the test falls back
		try (PortOccupation occupied = PortOccupier.occupy(configuration, Occupation.BOUND_NOT_LISTENING, 0, "neighbour");
				PortReservation next = ConfiguredRequests.request(configuration).range(28600, 28699).reserve()) {
			busy = occupied.port();
			fallback = next.port();
		}
		PortReservation recorded;
		try (PortOccupation occupied = PortOccupier.occupy(configuration, Occupation.BOUND_NOT_LISTENING, busy, "neighbour")) {
			recorded = ConfiguredRequests.request(configuration).preferred(busy, fallback).range(28600, 28699).quarantine(Duration.ZERO)
				.owner("[engine:junit-jupiter]/[class:com.example.ServerIT]/[method:fallsBack()]").reserve();
		}
		recorded.close();
		assertThat(recorded.trace().attempts()).extracting(a -> a.port()).containsExactly(busy);
		EventLog.append(run, AllocationEvent.of("run-1", "fallsBack()", "parameter", "parameter [int port]", recorded.trace()));

		try (CliProcess cli = CliProcess.start(temp, "replay", run.toString(), "--test", "fallsBack", "--registry-dir",
			registry.toString())) {
			cli.awaitLine("holding 1 port(s)", CliProcess.TIMEOUT_SECONDS);

			try (PortReservation retry = ConfiguredRequests.request(configuration).preferred(busy, fallback).range(28600, 28699)
				.quarantine(Duration.ZERO).exhaustionTimeout(Duration.ZERO).reserve()) {
				assertThat(retry.port()).isEqualTo(fallback);
				assertThat(retry.trace().attempts()).singleElement().satisfies(attempt -> {
					assertThat(attempt.port()).isEqualTo(busy);
					assertThat(attempt.refusal()).isEqualTo(Refusal.LEASED_BY_OTHER_PROCESS);
				});
			}

			cli.closeInput();
			cli.awaitLine("released (end of input)", CliProcess.TIMEOUT_SECONDS);
			assertThat(cli.awaitExit(CliProcess.TIMEOUT_SECONDS)).isZero();
		}
		try (PortReservation free = ConfiguredRequests.request(configuration).preferred(busy).range(28600, 28699)
			.quarantine(Duration.ZERO).exhaustionTimeout(Duration.ZERO).reserve()) {
			assertThat(free.port()).as("released after the replay").isEqualTo(busy);
		}
	}

	@Test
	void anUnknownTestIsAFindingThatListsTheTests() throws Exception {
		Path run = Files.createDirectories(temp.resolve("run"));
		try (PortReservation one = Ports.request().range(28700, 28799).owner("[engine:junit-jupiter]/[class:A]/[method:one()]")
			.reserve()) {
			one.close();
			EventLog.append(run, AllocationEvent.of("run", "one()", "parameter", "parameter [int port]", one.trace()));
		}
		CliProcess.Result result = CliProcess.run(temp, "replay", run.toString(), "--test", "nosuchtest");
		assertThat(result.exitCode()).as("%s", result).isEqualTo(1);
		assertThat(result.err()).contains("nosuchtest");
	}
}
