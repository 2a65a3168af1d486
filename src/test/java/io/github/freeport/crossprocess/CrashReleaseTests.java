package io.github.freeport.crossprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.github.freeport.ConfiguredRequests;
import io.github.freeport.PortReservation;
import io.github.freeport.PortsExhaustedException;
import io.github.freeport.Protocol;
import io.github.freeport.config.Configuration;
import io.github.freeport.registry.FileLockRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A holder that dies by SIGKILL leaves no stale lease: the OS drops its locks, the ports are free at once. */
class CrashReleaseTests {

	private static final int FROM = 28120;
	private static final int TO = 28139;

	@TempDir
	Path temp;

	@Test
	void portsOfAKilledHolderAreLeasableAtOnce() {
		Path registry = temp.resolve("registry");
		Configuration configuration = IsolatedConfiguration.forRegistry(registry);
		List<Integer> ports;
		long holderPid;
		try (WorkerJvm holder = WorkerJvm.start(registry, temp)) {
			holderPid = holder.pid();
			ports = WorkerJvm.ports(holder.ask("LEASE " + FROM + " " + TO + " 3", "LEASED"));
			assertThat(ports).hasSize(3).doesNotHaveDuplicates();
			for (int port : ports) {
				assertThatThrownBy(() -> exactly(configuration, port))
					.as("port %d while its holder lives", port)
					.isInstanceOf(PortsExhaustedException.class)
					.hasMessageContaining("pid " + holderPid);
			}

			holder.kill();
			assertThat(holder.isAlive()).isFalse();
		}

		FileLockRegistry registryInThisJvm = FileLockRegistry.forFolder(registry, "test");
		for (int port : ports) {
			// the metadata still names the dead holder; the free lock wins
			assertThat(registryInThisJvm.holderOf(port, Protocol.TCP)).as("holder of %d after the kill", port).isEmpty();
			try (PortReservation reservation = exactly(configuration, port)) {
				assertThat(reservation.port()).isEqualTo(port);
				assertThat(reservation.trace().attempts()).as("refusals on the way to %d", port).isEmpty();
			}
		}
	}

	/** Exactly this port, now: preferred, a one-port range, no quarantine, no wait. */
	private static PortReservation exactly(Configuration configuration, int port) {
		return ConfiguredRequests.request(configuration).preferred(port).range(port, port).quarantine(Duration.ZERO)
			.exhaustionTimeout(Duration.ZERO).owner("crash test").reserve();
	}
}
