package io.github.freeport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;

import io.github.freeport.PortReservation;
import io.github.freeport.Ports;
import io.github.freeport.crossprocess.WorkerJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code freeport who}, run from the CLI jar. The CLI's registry is a fresh folder per test; ports that
 * must be free are reserved in the build's own registry, which the CLI does not look at.
 */
class WhoCommandIT {

	@TempDir
	Path temp;

	@Test
	void namesTheRegistryHolder() throws InterruptedException {
		Path registry = temp.resolve("registry");
		try (WorkerJvm worker = WorkerJvm.start(registry, temp)) {
			int port = WorkerJvm.ports(worker.ask("LEASE 28400 28499 1", "LEASED")).get(0);

			CliProcess.Result result = CliProcess.run(temp, "who", String.valueOf(port), "--registry-dir", registry.toString());

			assertThat(result.exitCode()).as("leased means busy: %s", result).isEqualTo(1);
			assertThat(result.out()).as("%s", result)
				.contains("Port " + port + "/TCP")
				.contains("registry: leased by pid " + worker.pid())
				.contains("test: lease worker")
				.contains("LeaseWorker")
				.contains("bindable: yes"); // the worker leased it but did not bind it
		}
	}

	@Test
	void saysABoundPortIsNotBindable() throws IOException, InterruptedException {
		try (PortReservation reserved = Ports.reserve(); ServerSocketChannel bound = ServerSocketChannel.open()) {
			bound.setOption(StandardSocketOptions.SO_REUSEADDR, false);
			bound.bind(new InetSocketAddress(reserved.port()));

			CliProcess.Result result = CliProcess.run(temp, "who", String.valueOf(reserved.port()), "--registry-dir",
				temp.resolve("registry").toString());

			assertThat(result.exitCode()).as("%s", result).isEqualTo(1);
			assertThat(result.out()).as("%s", result).contains("registry: not leased")
				.containsPattern("bindable: no \\(TCP .*:" + reserved.port() + ": .+\\)")
				.containsPattern("os: +TCP LISTEN on .*:" + reserved.port() + " by pid " + ProcessHandle.current().pid());
		}
	}

	@Test
	void saysAFreePortIsFree() throws InterruptedException {
		try (PortReservation reserved = Ports.reserve()) {
			CliProcess.Result result = CliProcess.run(temp, "who", String.valueOf(reserved.port()), "--udp", "--registry-dir",
				temp.resolve("registry").toString());

			assertThat(result.exitCode()).as("%s", result).isZero();
			assertThat(result.out()).as("%s", result).contains("Port " + reserved.port() + "/UDP")
				.contains("registry: not leased").contains("bindable: yes");
		}
	}
}
