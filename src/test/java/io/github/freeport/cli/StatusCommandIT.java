package io.github.freeport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.github.freeport.crossprocess.WorkerJvm;
import io.github.freeport.testsupport.IndependentJson;
import org.junit.jupiter.api.Test;
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
	@SuppressWarnings("unchecked")
	void printsParsableJson() throws InterruptedException {
		Path registry = temp.resolve("registry");
		try (WorkerJvm worker = WorkerJvm.start(registry, temp)) {
			List<Integer> ports = WorkerJvm.ports(worker.ask("LEASE " + RANGE + " 2", "LEASED"));

			CliProcess.Result result = CliProcess.run(temp, "status", "--json", "--registry-dir", registry.toString());

			assertThat(result.exitCode()).as("%s", result).isZero();
			Map<String, Object> status = IndependentJson.object(result.out().strip());
			assertThat(status).containsEntry("registry", registry.toAbsolutePath().toString())
				.containsEntry("cleaned", List.of());
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
	void cleansTheSlotOfAHolderThatDied() throws InterruptedException {
		Path registry = temp.resolve("registry");
		int port;
		long pid;
		try (WorkerJvm worker = WorkerJvm.start(registry, temp)) {
			port = WorkerJvm.ports(worker.ask("LEASE " + RANGE + " 1", "LEASED")).get(0);
			pid = worker.pid();
			worker.kill(); // SIGKILL: the OS drops the lock, the metadata still says leased
		}

		CliProcess.Result first = CliProcess.run(temp, "status", "--registry-dir", registry.toString());
		CliProcess.Result second = CliProcess.run(temp, "status", "--json", "--registry-dir", registry.toString());

		assertThat(first.exitCode()).as("%s", first).isZero();
		assertThat(first.out()).as("%s", first).contains("No live leases.")
			.contains("Cleaned 1 stale slot")
			.contains(port + "/TCP pid " + pid);
		assertThat(second.exitCode()).as("%s", second).isZero();
		Map<String, Object> status = IndependentJson.object(second.out().strip());
		assertThat((List<Object>) status.get("leases")).isEmpty();
		assertThat((List<Object>) status.get("cleaned")).as("cleaned once, then marked released").isEmpty();
	}
}
