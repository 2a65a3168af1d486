package io.github.freeport.benchmarks;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileChannel.MapMode;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.github.freeport.Protocol;
import io.github.freeport.allocation.AllocationRequest;
import io.github.freeport.allocation.BindProbe;
import io.github.freeport.allocation.PortAllocator;
import io.github.freeport.allocation.PortRange;
import io.github.freeport.allocation.PortStrategies;
import io.github.freeport.allocation.ProbeAddress;
import io.github.freeport.allocators.Allocators;
import io.github.freeport.config.Configuration;
import io.github.freeport.registry.FileLockRegistry;
import io.github.freeport.registry.LeaseOutcome;

/**
 * Where the time of one {@code Ports.request()...reserve()} + {@code close()} goes, step by step. The
 * raw file steps work on scratch files of their own, never on the registry's lock file.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 2, jvmArgs = { "-Xms256m", "-Xmx256m" })
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 4, time = 1)
@State(Scope.Benchmark)
public class AllocationSteps {

	private static final int SLOT_SIZE = 256;

	private Path scratch;
	private FileChannel lockFile;
	private FileChannel slotFile;
	private RandomAccessFile slotWriter;
	private final byte[] slotImage = new byte[SLOT_SIZE];
	private final ByteBuffer slot = ByteBuffer.allocate(SLOT_SIZE);
	private MappedByteBuffer mappedSlots;
	private FileLockRegistry registry;
	private PortAllocator allocator;
	private AllocationRequest request;

	@Setup(Level.Trial)
	public void open() throws IOException {
		scratch = Files.createTempDirectory("freeport-steps");
		lockFile = FileChannel.open(scratch.resolve("scratch.lock"), StandardOpenOption.CREATE, StandardOpenOption.READ,
			StandardOpenOption.WRITE);
		slotFile = FileChannel.open(scratch.resolve("scratch.bin"), StandardOpenOption.CREATE, StandardOpenOption.READ,
			StandardOpenOption.WRITE);
		mappedSlots = slotFile.map(MapMode.READ_WRITE, SLOT_SIZE * 65536L, SLOT_SIZE * 65536L);
		slotWriter = new RandomAccessFile(scratch.resolve("scratch.bin").toFile(), "rw");
		Configuration configuration = Configuration.fromSystem();
		registry = FileLockRegistry.forFolder(configuration.registryPath(), configuration.registryDir().source());
		allocator = Allocators.forConfiguration(configuration);
		request = new AllocationRequest(Protocol.TCP, new PortRange(AllocationBenchmark.FROM, AllocationBenchmark.TO),
			List.of(), "thread main", Duration.ofSeconds(10), Duration.ZERO, PortStrategies.RANDOM, ProbeAddress.WILDCARD);
	}

	@TearDown(Level.Trial)
	public void close() throws IOException {
		lockFile.close();
		mappedSlots = null;
		slotWriter.close();
		slotFile.close();
		Files.deleteIfExists(scratch.resolve("scratch.lock"));
		Files.deleteIfExists(scratch.resolve("scratch.bin"));
		Files.deleteIfExists(scratch);
	}

	private static int randomPort() {
		return ThreadLocalRandom.current().nextInt(AllocationBenchmark.FROM, AllocationBenchmark.TO + 1);
	}

	/** One byte-range lock taken and released: what a lease costs the OS. */
	@Benchmark
	public boolean step1TryLockRelease() throws IOException {
		FileLock lock = lockFile.tryLock(randomPort(), 1, false);
		lock.release();
		return lock.isValid();
	}

	/** One 256-byte positional write through a file channel: how a holder slot was written before. */
	@Benchmark
	public int step2SlotPwrite() throws IOException {
		slot.clear();
		return slotFile.write(slot, (long) randomPort() * SLOT_SIZE);
	}

	/** A seek and a 256-byte write: how a holder slot is written (fewer Java calls, one system call more). */
	@Benchmark
	public byte[] step2SlotSeekWrite() throws IOException {
		synchronized (slotWriter) {
			slotWriter.seek((long) randomPort() * SLOT_SIZE);
			slotWriter.write(slotImage, 0, SLOT_SIZE);
		}
		return slotImage;
	}

	/** One 256-byte copy into a shared mapping of a slot file: tried for holder slots, not adopted. */
	@Benchmark
	public ByteBuffer step3SlotMappedWrite() {
		return mappedSlots.put(randomPort() * SLOT_SIZE, slot.array(), 0, SLOT_SIZE);
	}

	/** freeport's conservative bind probe of one port (wildcard, no SO_REUSEADDR, IPv4 and IPv6). */
	@Benchmark
	public Optional<String> step4BindProbe() {
		return BindProbe.probe(randomPort(), Protocol.TCP);
	}

	/** The registry's lease and release: lock, in-JVM table, one slot write, unlock. */
	@Benchmark
	public boolean step5LeaseRelease() {
		LeaseOutcome outcome = registry.tryLease(randomPort(), Protocol.TCP, "thread main");
		if (outcome.isLeased()) {
			outcome.lease().release();
		}
		return outcome.isLeased();
	}

	/** The allocator on a resolved request: lease, probe, trace; then release. No configuration lookups. */
	@Benchmark
	public int step6AllocateRelease() {
		PortAllocator.Allocation allocation = allocator.allocate(request);
		allocation.lease().release();
		return allocation.lease().port();
	}
}
