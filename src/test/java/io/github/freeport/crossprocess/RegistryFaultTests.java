package io.github.freeport.crossprocess;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.freeport.ConfiguredRequests;
import io.github.freeport.PortReservation;
import io.github.freeport.registry.LockFileLayout;
import io.github.freeport.testsupport.Commands;
import io.github.freeport.testsupport.HostRequirements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults of the registry's file system, each in child JVMs so that their stderr can be read: a full
 * disk, a file system whose locks do not work, and metadata damaged while other JVMs allocate. Each must
 * end in a clear error or a logged, safe fallback, never in a silent duplicate lease. What a fault needs from
 * the host (root and mount, a C compiler) skips the test where missing, and fails it under CI.
 */
class RegistryFaultTests {

	private static final int FROM = 28300;
	private static final int TO = 28309;

	@TempDir
	Path temp;

	@Test
	void fullDiskLeavesLeasesWorkingWithoutMetadataAndSaysSo() throws IOException {
		HostRequirements.require(Commands.ROOT, "a full file system is simulated with a 64 KiB tmpfs, and mounting needs"
				+ " root; this JVM runs as " + System.getProperty("user.name"));
		Path mount = Files.createDirectory(temp.resolve("tiny"));
		HostRequirements.require(Commands.run("mount", "-t", "tmpfs", "-o", "size=64k,mode=700", "tmpfs", mount.toString()),
			"mount -t tmpfs is not permitted here (a container without CAP_SYS_ADMIN?)");
		try {
			Path registry = Files.createDirectory(mount.resolve("registry"),
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
			fill(mount.resolve("filler"));
			try (WorkerJvm holder = WorkerJvm.start(registry, temp); WorkerJvm other = WorkerJvm.start(registry, temp)) {
				assertThat(holder.ask("TRY " + FROM, "LEASED")).isEqualTo("LEASED " + FROM);
				assertThat(holder.errors()).contains("cannot write holder metadata to "
						+ registry.resolve(LockFileLayout.HOLDERS_FILE) + " (java.io.IOException: No space left on device);"
						+ " leases still work, but other processes will see their holders as unknown");
				assertThat(other.ask("TRY " + FROM, "REFUSED")).contains("leased by another process, holder unknown");
				assertThat(other.ask("TRY " + TO, "LEASED")).isEqualTo("LEASED " + TO);
				assertThat(holder.ask("TRY " + TO, "REFUSED")).contains("leased by another process, holder unknown");
			}
		}
		finally {
			assertThat(Commands.run("umount", "-l", mount.toString())).as("umount " + mount).isTrue();
		}
	}

	@Test
	void fileSystemWithoutWorkingLocksIsRefusedClearly() throws IOException {
		Path shim = temp.resolve("no-locks.so");
		Path source = temp.resolve("no-locks.c");
		try (InputStream in = RegistryFaultTests.class.getResourceAsStream("no-locks.c")) {
			Files.copy(in, source);
		}
		HostRequirements.require(Commands.run("cc", "-shared", "-fPIC", "-o", shim.toString(), source.toString()),
			"simulating a file system without working locks needs a C compiler (cc) for an LD_PRELOAD shim;"
					+ " none found, and no such file system can be mounted without one");
		Path registry = temp.resolve("registry");
		try (WorkerJvm worker = WorkerJvm.startWith(temp, Map.of("LD_PRELOAD", shim.toString()),
			"-Dfreeport.registry.dir=" + registry)) {
			assertThat(worker.ask("TRY " + FROM, "REFUSED"))
				.contains("File locks do not work in the freeport registry folder " + registry)
				.contains("java.io.IOException: No locks available")
				.contains("set freeport.registry.dir to a folder on a local disk");
		}
	}

	@Test
	void metadataDamagedWhileJvmsAllocateStopsNothing() throws Exception {
		Path registry = temp.resolve("registry");
		Path markers = Files.createDirectory(temp.resolve("markers"));
		Path holders = registry.resolve(LockFileLayout.HOLDERS_FILE);
		List<WorkerJvm> workers = new ArrayList<>();
		AtomicBoolean churning = new AtomicBoolean(true);
		CompletableFuture<Integer> vandal = null;
		try {
			for (int i = 0; i < 3; i++) {
				workers.add(WorkerJvm.start(registry, temp));
			}
			vandal = CompletableFuture.supplyAsync(() -> damageUntilStopped(holders, churning));
			for (WorkerJvm worker : workers) {
				worker.send("CHURN " + FROM + " " + TO + " 300 2 " + markers);
			}
			List<String> problems = new ArrayList<>();
			for (WorkerJvm worker : workers) {
				String line;
				while (!(line = worker.next(WorkerJvm.ANSWER_TIMEOUT)).startsWith("CHURNED")) {
					problems.add("worker " + worker.pid() + ": " + line);
				}
			}
			churning.set(false);
			assertThat(vandal.get(30, TimeUnit.SECONDS)).as("times the metadata was damaged").isPositive();
			assertThat(problems).as("duplicate holds, failed binds or errors").isEmpty();
		}
		finally {
			churning.set(false);
			workers.forEach(WorkerJvm::close);
		}
		for (int port = FROM; port <= TO; port++) {
			try (PortReservation reservation = ConfiguredRequests.request(IsolatedConfiguration.forRegistry(registry)).preferred(port)
				.range(port, port).quarantine(Duration.ofSeconds(2)).exhaustionTimeout(Duration.ofSeconds(5))
				.owner("fault test").reserve()) {
				assertThat(reservation.port()).isEqualTo(port);
			}
		}
	}

	/** Garbage over the range's slots, a truncation, a forged slot, over and over; how many times. */
	private static int damageUntilStopped(Path holders, AtomicBoolean churning) {
		Random random = new Random(42);
		byte[] garbage = new byte[(TO - FROM + 1) * 256];
		int rounds = 0;
		while (churning.get() && rounds < 100_000) {
			try (FileChannel file = FileChannel.open(holders, StandardOpenOption.WRITE)) {
				random.nextBytes(garbage);
				switch (rounds % 3) {
					case 0 -> file.write(ByteBuffer.wrap(garbage), FROM * 256L);
					case 1 -> file.truncate(FROM * 256L + random.nextInt(garbage.length));
					default -> file.write(ByteBuffer.wrap(garbage, 0, 1 + random.nextInt(255)), (FROM + random.nextInt(10)) * 256L
							+ random.nextInt(256));
				}
				rounds++;
			}
			catch (IOException e) {
				// not created yet
			}
			Thread.onSpinWait();
		}
		return rounds;
	}

	/** Fills the file system until it refuses more. */
	private static void fill(Path filler) throws IOException {
		byte[] block = new byte[4096];
		try (OutputStream out = Files.newOutputStream(filler)) {
			for (int i = 0; i < 10_000; i++) {
				out.write(block);
				out.flush();
			}
		}
		catch (IOException full) {
			return; // No space left on device: full, as wanted
		}
		throw new IllegalStateException("the 64 KiB file system took 40 MB: the size limit did not apply");
	}
}
