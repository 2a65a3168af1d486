package io.github.freeport.crossprocess;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.github.freeport.ConfiguredRequests;
import io.github.freeport.PortReservation;
import io.github.freeport.Protocol;
import io.github.freeport.config.Configuration;
import io.github.freeport.registry.FileLockRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Workers churn leases over a small range in a tight loop while the test SIGKILLs one of them at a random
 * moment and starts a new one, again and again: kills land mid-allocation, mid-metadata-write, mid-release.
 * While it runs no port is held twice (markers and binds, {@link ProvenHold}); afterwards every port of
 * the range is free at once, nothing stuck, and the dead holders' metadata stops nothing. The kill timing
 * comes from a seeded {@link Random}: the seed is printed, and {@code -Dfreeport.chaos.seed=...} replays it.
 */
class KillChaosTests {

	private static final int FROM = 28200;
	private static final int TO = 28209; // 10 ports; 3 workers hold up to 2 each, plus 1 each being leased
	private static final int WORKERS = 3;
	private static final int KILLS = 6;
	private static final int HELD_PER_WORKER = 2;
	private static final int MAX_KILL_DELAY_MILLIS = 250;

	@TempDir
	Path temp;

	@Test
	void killedHoldersLoseNothingAndDuplicateNothing() throws Exception {
		long seed = Long.getLong("freeport.chaos.seed", System.nanoTime());
		System.out.println("[KillChaosTests] seed " + seed + " (replay with -Dfreeport.chaos.seed=" + seed + ")");
		Random random = new Random(seed);
		Path registry = temp.resolve("registry");
		Path markers = Files.createDirectory(temp.resolve("markers"));
		List<WorkerJvm> workers = new ArrayList<>();
		List<String> output = new ArrayList<>();
		try {
			for (int i = 0; i < WORKERS; i++) {
				workers.add(startChurning(registry, markers));
			}
			for (int kill = 0; kill < KILLS; kill++) {
				int victim = random.nextInt(WORKERS);
				// chaos timing, not synchronisation: the workers never wait for the test
				Thread.sleep(random.nextInt(MAX_KILL_DELAY_MILLIS));
				WorkerJvm dead = workers.get(victim);
				dead.kill();
				output.addAll(dead.remainingOutput(Duration.ofSeconds(10)));
				workers.set(victim, startChurning(registry, markers));
			}
			for (WorkerJvm worker : workers) {
				worker.kill();
				output.addAll(worker.remainingOutput(Duration.ofSeconds(10)));
			}
		}
		finally {
			workers.forEach(WorkerJvm::close);
		}
		List<String> problems = output.stream().filter(line -> !line.startsWith("CHURNING")).toList();
		assertThat(problems).as("duplicate holds, failed binds or errors (seed %d)", seed).isEmpty();
		assertThat(output).as("progress reports: the workers did churn (seed %d)", seed).hasSizeGreaterThanOrEqualTo(WORKERS + KILLS);

		Configuration configuration = IsolatedConfiguration.forRegistry(registry);
		FileLockRegistry inThisJvm = FileLockRegistry.forFolder(registry, "test");
		for (int port = FROM; port <= TO; port++) {
			assertThat(inThisJvm.holderOf(port, Protocol.TCP)).as("holder of %d after every worker was killed", port).isEmpty();
			try (PortReservation reservation = ConfiguredRequests.request(configuration).preferred(port).range(port, port)
				.quarantine(Duration.ZERO).exhaustionTimeout(Duration.ZERO).owner("chaos test").reserve()) {
				assertThat(reservation.trace().attempts()).as("refusals on the way to %d", port).isEmpty();
			}
		}
		// and from the range, with the quarantine on: the killed holders' slots do not hold anything back
		try (PortReservation reservation = ConfiguredRequests.request(configuration).range(FROM, TO).quarantine(Duration.ofSeconds(2))
			.exhaustionTimeout(Duration.ofSeconds(5)).owner("chaos test").reserve()) {
			assertThat(reservation.port()).isBetween(FROM, TO);
		}
	}

	/** A new worker that has leased at least once: a kill then lands in its churn, not in its start-up. */
	private static WorkerJvm startChurning(Path registry, Path markers) {
		WorkerJvm worker = WorkerJvm.start(registry, markers.resolveSibling("stderr"));
		try {
			worker.send("CHAOS " + FROM + " " + TO + " " + HELD_PER_WORKER + " " + markers).expect("CHURNING");
			return worker;
		}
		catch (RuntimeException | AssertionError e) {
			worker.close();
			throw e;
		}
	}
}
