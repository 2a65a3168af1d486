package io.github.freeport.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.github.freeport.ConfiguredRequests;
import io.github.freeport.AllocationTrace.Attempt;
import io.github.freeport.AllocationTrace.Refusal;
import io.github.freeport.PortReservation;
import io.github.freeport.PortsExhaustedException;
import io.github.freeport.Protocol;
import io.github.freeport.config.Configuration;
import io.github.freeport.crossprocess.IsolatedConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A candidate refused because a process outside the registry has it bound names that process: in the
 * exhaustion message at once, in a successful allocation's trace once the lookup (after the allocation) is done.
 */
class RefusedCandidateHoldersTests {

	@TempDir
	Path temp;

	private Configuration configuration() {
		return IsolatedConfiguration.forRegistry(temp.resolve("registry"), temp.resolve("logs"));
	}

	@Test
	void anExhaustedRangeNamesTheProcessThatHasItsPortsBound() throws Exception {
		int first = freeBlockOfTwo();
		try (PortHolderProcess squatter = PortHolderProcess.start("on-request")) {
			squatter.bind(first);
			squatter.bind(first + 1);
			assertThat(List.of(squatter.awaitPort(), squatter.awaitPort())).containsExactly(first, first + 1);

			PortsExhaustedException exhausted = catchThrowableOfType(() -> ConfiguredRequests.request(configuration()).range(first, first + 1)
				.quarantine(Duration.ZERO).exhaustionTimeout(Duration.ofMillis(200)).owner("holders test").reserve(),
				PortsExhaustedException.class);

			String holder = "bind failed, held outside the registry by pid " + squatter.pid() + ": ";
			assertThat(exhausted.getMessage()).contains(holder, PortHolderMain.class.getName());
			assertThat(exhausted.holders().entrySet()).singleElement().satisfies(named -> {
				assertThat(named.getKey()).startsWith(holder).contains(PortHolderMain.class.getName());
				assertThat(named.getValue()).containsExactlyInAnyOrder(first, first + 1);
			});
		}
	}

	@Test
	void aSuccessfulAllocationsTraceNamesTheHolderOfTheCandidateThatWouldNotBind() throws Exception {
		int first = freeBlockOfTwo();
		try (PortHolderProcess squatter = PortHolderProcess.start("on-request")) {
			squatter.bind(first);
			assertThat(squatter.awaitPort()).isEqualTo(first);

			try (PortReservation reservation = ConfiguredRequests.request(configuration()).preferred(first).range(first, first + 1)
				.quarantine(Duration.ZERO).reserve()) {
				assertThat(reservation.port()).isEqualTo(first + 1);
				await("the refused candidate's holder is named").atMost(Duration.ofSeconds(30))
					.until(() -> reservation.trace().attempts().get(0).detail().contains("held by pid " + squatter.pid() + ": "));
				Attempt refused = reservation.trace().attempts().get(0);
				assertThat(refused.port()).isEqualTo(first);
				assertThat(refused.refusal()).isEqualTo(Refusal.BIND_FAILED);
				assertThat(refused.detail()).contains(PortHolderMain.class.getName());
			}
		}
	}

	@Test
	void socketsWithoutAKnownOwnerAndPortsWithoutSocketsAreSaidSo() {
		SocketHolder timeWait = new SocketHolder(Protocol.TCP, "127.0.0.1:40000", "TIME_WAIT", PortHolder.UNKNOWN_PID,
			Optional.empty(), "no process owns it: the kernel keeps it until it times out");
		assertThat(OutsideHolderLookup.describe(new SocketTable.Lookup(List.of(timeWait), "")))
			.isEqualTo("a TCP TIME_WAIT socket whose owner is unknown (no process owns it: the kernel keeps it until it times out)");
		assertThat(OutsideHolderLookup.describe(new SocketTable.Lookup(List.of(), "lsof sees only your own processes")))
			.isEqualTo("no socket found on it (lsof sees only your own processes)");
	}

	/** Two consecutive ports free right now, found in a registry of their own. */
	private int freeBlockOfTwo() {
		List<PortReservation> block = ConfiguredRequests.request(IsolatedConfiguration.forRegistry(temp.resolve("finder"), temp.resolve("logs")))
			.range(20000, 29999).reserveBlock(2);
		block.forEach(PortReservation::close);
		return block.get(0).port();
	}
}
