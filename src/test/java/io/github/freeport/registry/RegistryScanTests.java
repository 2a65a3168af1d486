package io.github.freeport.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.nio.file.Path;

import io.github.freeport.PortReservation;
import io.github.freeport.Ports;
import io.github.freeport.Protocol;
import io.github.freeport.crossprocess.IsolatedConfiguration;
import io.github.freeport.crossprocess.WorkerJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link FileLockRegistry#scan()}: live leases of every process, and slots of dead holders cleaned. */
class RegistryScanTests {

	private static final int FROM = 28240;
	private static final int TO = 28259;

	@TempDir
	Path temp;

	@Test
	void listsLeasesOfOtherProcessesAndOfThisJvm() {
		Path folder = temp.resolve("registry");
		try (WorkerJvm worker = WorkerJvm.start(folder, temp);
				PortReservation mine = Ports.request(IsolatedConfiguration.forRegistry(folder)).range(FROM, TO)
					.owner("scan test").reserve()) {
			int theirs = WorkerJvm.ports(worker.ask("LEASE " + FROM + " " + TO + " 1", "LEASED")).get(0);

			RegistryScan scan = FileLockRegistry.forFolder(folder, "test").scan();

			assertThat(scan.live()).extracting(RecordedLease::port, RecordedLease::protocol, l -> l.holder().pid(),
				l -> l.holder().owner())
				.containsExactlyInAnyOrder(
					tuple(theirs, Protocol.TCP, worker.pid(), "lease worker"),
					tuple(mine.port(), Protocol.TCP, ProcessHandle.current().pid(), "scan test"));
			assertThat(scan.cleaned()).isEmpty();
		}
	}

	@Test
	void marksTheSlotOfADeadHolderReleased() {
		Path folder = temp.resolve("registry");
		int port;
		long pid;
		try (WorkerJvm worker = WorkerJvm.start(folder, temp)) {
			port = WorkerJvm.ports(worker.ask("LEASE " + FROM + " " + TO + " 1", "LEASED")).get(0);
			pid = worker.pid();
		}
		FileLockRegistry registry = FileLockRegistry.forFolder(folder, "test");

		RegistryScan first = registry.scan();
		RegistryScan second = registry.scan();

		assertThat(first.live()).isEmpty();
		assertThat(first.cleaned()).singleElement().satisfies(stale -> {
			assertThat(stale.port()).isEqualTo(port);
			assertThat(stale.holder().pid()).isEqualTo(pid);
		});
		assertThat(second.cleaned()).isEmpty();
		try (HolderSlots slots = HolderSlots.open(folder.resolve(LockFileLayout.HOLDERS_FILE))) {
			// released "at its lease time": the time of death is unknown, and cleaning must not quarantine
			assertThat(slots.read(port)).hasValueSatisfying(h -> assertThat(h.releasedAt()).isEqualTo(h.since()));
		}
	}
}
