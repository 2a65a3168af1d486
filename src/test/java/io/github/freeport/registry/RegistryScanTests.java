package io.github.freeport.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.nio.file.Path;
import java.util.List;

import io.github.freeport.ConfiguredRequests;
import io.github.freeport.PortReservation;
import io.github.freeport.Protocol;
import io.github.freeport.crossprocess.IsolatedConfiguration;
import io.github.freeport.crossprocess.WorkerJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link FileLockRegistry#scan()}: live leases of every process, and only those whose lock is held. */
class RegistryScanTests {

	private static final int FROM = 28240;
	private static final int TO = 28259;

	@TempDir
	Path temp;

	@Test
	void listsLeasesOfOtherProcessesAndOfThisJvm() {
		Path folder = temp.resolve("registry");
		try (WorkerJvm worker = WorkerJvm.start(folder, temp);
				PortReservation mine = ConfiguredRequests.request(IsolatedConfiguration.forRegistry(folder)).range(FROM, TO)
					.owner("scan test").reserve()) {
			int theirs = WorkerJvm.ports(worker.ask("LEASE " + FROM + " " + TO + " 1", "LEASED")).get(0);

			RegistryScan scan = FileLockRegistry.forFolder(folder, "test").scan();

			assertThat(scan.live()).extracting(RecordedLease::port, RecordedLease::protocol, l -> l.holder().pid(),
				l -> l.holder().owner())
				.containsExactlyInAnyOrder(
					tuple(theirs, Protocol.TCP, worker.pid(), "lease worker"),
					tuple(mine.port(), Protocol.TCP, ProcessHandle.current().pid(), "scan test"));
		}
	}

	@Test
	void aLeaseEndsWithItsLockWhateverTheSlotSays() {
		Path folder = temp.resolve("registry");
		int released;
		int killed;
		try (WorkerJvm worker = WorkerJvm.start(folder, temp)) {
			List<Integer> ports = WorkerJvm.ports(worker.ask("LEASE " + FROM + " " + TO + " 2", "LEASED"));
			released = ports.get(0);
			killed = ports.get(1);
			worker.ask("RELEASE " + released, "RELEASED");
			worker.kill(); // the OS drops the lock of the other; both slots still name the worker
		}
		FileLockRegistry registry = FileLockRegistry.forFolder(folder, "test");

		assertThat(registry.scan().live()).isEmpty();
		assertThat(registry.holderOf(released, Protocol.TCP)).isEmpty();
		assertThat(registry.holderOf(killed, Protocol.TCP)).isEmpty();
		try (HolderSlots slots = HolderSlots.open(folder.resolve(LockFileLayout.HOLDERS_FILE))) {
			assertThat(slots.read(released)).as("the slot is left as it is").hasValueSatisfying(h -> assertThat(h.owner())
				.isEqualTo("lease worker"));
		}
	}
}
