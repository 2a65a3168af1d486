package io.github.freeport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.github.freeport.PortReservation;
import io.github.freeport.Ports;
import io.github.freeport.crossprocess.WorkerJvm;
import io.github.freeport.registry.FileLockRegistry;
import io.github.freeport.testsupport.IndependentJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/** {@code freeport status}, run from the CLI jar, against leases of a child JVM. */
class StatusCommandIT {

	private static final String RANGE = "28300 28399";

	@TempDir
	Path temp;

	@Test
	void showsALeaseHeldByAnotherJvm() throws InterruptedException {
		Path registry = temp.resolve("registry");
		try (WorkerJvm worker = WorkerJvm.start(registry, temp)) {
			int port = WorkerJvm.ports(worker.ask("LEASE " + RANGE + " 1", "LEASED")).get(0);

			CliProcess.Result result = CliProcess.run(temp, "status", "--registry-dir", registry.toString());

			assertThat(result.exitCode()).as("%s", result).isZero();
			assertThat(result.out()).as("%s", result)
				.contains("Registry " + registry.toAbsolutePath() + " (option --registry-dir)")
				.containsPattern("(?m)^" + port + "\\s+TCP\\s+" + worker.pid() + "\\s+.*lease worker$")
				.contains("LeaseWorker")
				.contains("1 live lease.");
		}
	}

	@Test
	void showsTheForkAndTestOfAPortFromReserveForTest(TestInfo test) throws InterruptedException {
		// this test's own JVM holds the lease, as a Failsafe fork running a migrated port helper would
		PortReservation port = Ports.reserveForTest();
		String registry = System.getProperty("freeport.registry.dir");
		String fork = FileLockRegistry.fork();
		if (String.valueOf(System.getProperty("sun.java.command")).contains("surefirebooter")) {
			assertThat(fork).as("the Failsafe fork number, read without -Dfreeport.fork").matches("\\d+");
		}

		CliProcess.Result result = CliProcess.run(temp, "status", "--registry-dir", registry);

		assertThat(result.exitCode()).as("%s", result).isZero();
		String testId = "[engine:junit-jupiter]/[class:" + StatusCommandIT.class.getName() + "]/[method:"
				+ test.getTestMethod().orElseThrow().getName() + "(org.junit.jupiter.api.TestInfo)]";
		assertThat(result.out()).as("%s", result).containsPattern("(?m)^" + port.port() + "\\s+TCP\\s+"
				+ ProcessHandle.current().pid() + "\\s+" + (fork.isEmpty() ? "-" : fork) + "\\s+.*\\Q" + testId + "\\E$");
	}

	@Test
	@SuppressWarnings("unchecked")
	void printsParsableJson() throws InterruptedException {
		Path registry = temp.resolve("registry");
		try (WorkerJvm worker = WorkerJvm.start(registry, temp)) {
			List<Integer> ports = WorkerJvm.ports(worker.ask("LEASE " + RANGE + " 2", "LEASED"));

			CliProcess.Result result = CliProcess.run(temp, "status", "--json", "--registry-dir", registry.toString());

			assertThat(result.exitCode()).as("%s", result).isZero();
			Map<String, Object> status = IndependentJson.object(result.out().strip());
			assertThat(status).containsEntry("registry", registry.toAbsolutePath().toString())
				.doesNotContainKey("cleaned");
			List<Map<String, Object>> leases = (List<Map<String, Object>>) status.get("leases");
			assertThat(leases).extracting(l -> ((Long) l.get("port")).intValue())
				.containsExactlyInAnyOrderElementsOf(ports);
			assertThat(leases).allSatisfy(lease -> {
				assertThat(lease).containsEntry("protocol", "TCP").containsEntry("pid", worker.pid())
					.containsEntry("test", "lease worker").containsKeys("fork", "since");
				assertThat((String) lease.get("command")).contains("LeaseWorker");
			});
		}
	}

	@Test
	@SuppressWarnings("unchecked")
	void aHolderThatDiedHoldsNoLease() throws InterruptedException {
		Path registry = temp.resolve("registry");
		try (WorkerJvm worker = WorkerJvm.start(registry, temp)) {
			WorkerJvm.ports(worker.ask("LEASE " + RANGE + " 1", "LEASED"));
			worker.kill(); // SIGKILL: the OS drops the lock, the metadata still names the holder
		}

		CliProcess.Result text = CliProcess.run(temp, "status", "--registry-dir", registry.toString());
		CliProcess.Result json = CliProcess.run(temp, "status", "--json", "--registry-dir", registry.toString());

		assertThat(text.exitCode()).as("%s", text).isZero();
		assertThat(text.out()).as("%s", text).contains("No live leases.");
		assertThat(json.exitCode()).as("%s", json).isZero();
		assertThat((List<Object>) IndependentJson.object(json.out().strip()).get("leases")).isEmpty();
	}
}
