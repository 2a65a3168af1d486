package io.github.freeport.crossprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.freeport.AllocationTrace.Refusal;
import io.github.freeport.ConfiguredRequests;
import io.github.freeport.PortReservation;
import io.github.freeport.PortsExhaustedException;
import io.github.freeport.config.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A range held entirely by another JVM: the request fails naming the holder, or waits for its release. */
class ExhaustionTests {

	private static final int FROM = 28140;
	private static final int TO = 28143;
	private static final int SIZE = TO - FROM + 1;

	@TempDir
	Path temp;

	@Test
	void exhaustedRangeFailsNamingTheHoldersPid() {
		Path registry = temp.resolve("registry");
		try (WorkerJvm holder = WorkerJvm.start(registry, temp)) {
			List<Integer> held = WorkerJvm.ports(holder.ask("LEASE " + FROM + " " + TO + " " + SIZE, "LEASED"));
			assertThat(held).hasSize(SIZE);

			assertThatThrownBy(() -> request(IsolatedConfiguration.forRegistry(registry), Duration.ofMillis(300)))
				.isInstanceOf(PortsExhaustedException.class)
				.hasMessageContaining("No free TCP port for exhaustion test in " + FROM + "-" + TO)
				.hasMessageContaining("leased by another process, pid " + holder.pid() + " (lease worker): ")
				.hasMessageContaining(String.valueOf(FROM))
				.hasMessageContaining(String.valueOf(TO))
				.hasMessageContaining("after waiting 300 ms");
		}
	}

	@Test
	void waitingRequestGetsThePortTheHolderReleases() throws Exception {
		Path registry = temp.resolve("registry");
		try (WorkerJvm holder = WorkerJvm.start(registry, temp)) {
			List<Integer> held = WorkerJvm.ports(holder.ask("LEASE " + FROM + " " + TO + " " + SIZE, "LEASED"));
			Configuration configuration = IsolatedConfiguration.forRegistry(registry);

			CompletableFuture<PortReservation> waiting = CompletableFuture
				.supplyAsync(() -> request(configuration, Duration.ofSeconds(30)));
			try {
				await("the request waits while the range is held").during(Duration.ofMillis(300))
					.atMost(Duration.ofSeconds(10)).until(() -> !waiting.isDone());
				int released = held.get(SIZE - 1);
				holder.ask("RELEASE " + released, "RELEASED");

				try (PortReservation reservation = waiting.get(20, TimeUnit.SECONDS)) {
					assertThat(reservation.port()).isEqualTo(released);
					assertThat(reservation.trace().duration()).isGreaterThanOrEqualTo(Duration.ofMillis(300));
					assertThat(reservation.trace().attempts()).extracting(a -> a.refusal())
						.contains(Refusal.LEASED_BY_OTHER_PROCESS);
				}
			}
			finally {
				waiting.thenAccept(PortReservation::close);
			}
		}
	}

	private static PortReservation request(Configuration configuration, Duration timeout) {
		return ConfiguredRequests.request(configuration).range(FROM, TO).quarantine(Duration.ZERO).exhaustionTimeout(timeout)
			.owner("exhaustion test").reserve();
	}
}
