package io.github.freeport.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;

import io.github.freeport.PortReservation;
import io.github.freeport.Ports;
import io.github.freeport.Protocol;
import io.github.freeport.allocation.BindProbe;
import io.github.freeport.crossprocess.WorkerJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code freeport occupy}, run from the CLI jar. The ports come from the build's own registry (so no
 * other test is handed them); the CLI leases them again in its own registry folder.
 */
class OccupyCommandIT {

	private static final Duration BOUND = Duration.ofSeconds(CliProcess.TIMEOUT_SECONDS);

	@TempDir
	Path temp;

	@Test
	void holdsAPortUnbindableForItsDurationThenFreesIt() throws InterruptedException {
		try (PortReservation reserved = Ports.reserve();
				CliProcess cli = CliProcess.start(temp, "occupy", String.valueOf(reserved.port()), "--for", "2s",
					"--registry-dir", temp.resolve("registry").toString())) {
			int port = reserved.port();

			assertThat(cli.awaitLine("occupied ", CliProcess.TIMEOUT_SECONDS))
				.isEqualTo("occupied " + port + "/TCP: listening in this process (pid " + cli.pid() + ")");
			cli.awaitLine("holding until 2s pass", CliProcess.TIMEOUT_SECONDS);
			assertThat(BindProbe.probe(port, Protocol.TCP)).as("bind failure while occupied").isPresent();

			assertThat(cli.awaitExit(CliProcess.TIMEOUT_SECONDS)).as("exit; errors: %s", cli.errors()).isZero();
			assertThat(cli.output()).contains("released " + port + "/TCP (time is up)");
			await().atMost(BOUND).until(() -> BindProbe.probe(port, Protocol.TCP).isEmpty());
		}
	}

	@Test
	void holdsUntilTheEndOfInput() throws InterruptedException {
		try (PortReservation reserved = Ports.reserve();
				CliProcess cli = CliProcess.start(temp, "occupy", String.valueOf(reserved.port()), "--mode", "udp",
					"--registry-dir", temp.resolve("registry").toString())) {
			int port = reserved.port();
			cli.awaitLine("holding until Ctrl-C or end of input", CliProcess.TIMEOUT_SECONDS);
			assertThat(BindProbe.probe(port, Protocol.UDP)).as("UDP bind failure while occupied").isPresent();

			cli.closeInput();

			assertThat(cli.awaitExit(CliProcess.TIMEOUT_SECONDS)).as("exit; errors: %s", cli.errors()).isZero();
			assertThat(cli.output()).contains("released " + port + "/UDP (end of input)");
			await().atMost(BOUND).until(() -> BindProbe.probe(port, Protocol.UDP).isEmpty());
		}
	}

	@Test
	void failsOnAPortLeasedByAnotherProcess() throws InterruptedException {
		Path registry = temp.resolve("registry");
		try (WorkerJvm worker = WorkerJvm.start(registry, temp)) {
			int port = WorkerJvm.ports(worker.ask("LEASE 28500 28599 1", "LEASED")).get(0);

			CliProcess.Result result = CliProcess.run(temp, "occupy", String.valueOf(port), "--for", "60s",
				"--registry-dir", registry.toString());

			assertThat(result.exitCode()).as("%s", result).isEqualTo(1);
			assertThat(result.err()).as("%s", result).contains("Cannot occupy TCP port " + port)
				.contains("pid " + worker.pid());
		}
	}
}
