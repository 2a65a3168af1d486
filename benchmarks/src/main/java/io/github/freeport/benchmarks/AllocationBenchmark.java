package io.github.freeport.benchmarks;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;


import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.test.util.TestSocketUtils;

import io.github.freeport.PortReservation;
import io.github.freeport.Ports;

/**
 * One port from each idiom, taken and let go, timed per call. All run in one JMH run with the same JVM
 * settings; {@link #randomPortBindCheck} is the baseline the others are measured against.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 3, jvmArgs = { "-Xms256m", "-Xmx256m" })
@Warmup(iterations = 5, time = 2) // freeport's code takes several seconds to compile on two busy cores
@Measurement(iterations = 4, time = 2)
@State(Scope.Benchmark)
public class AllocationBenchmark {

	/** The range the explicit-range benchmarks pick from: outside the Linux default ephemeral range. */
	static final int FROM = 20000;
	static final int TO = 29999;

	/** freeport with an explicit range and no quarantine: lease, metadata, bind probe, release. */
	@Benchmark
	public int freeportReserveRange() {
		try (PortReservation port = Ports.request().range(FROM, TO).quarantine(Duration.ZERO).reserve()) {
			return port.port();
		}
	}

	/** freeport as most users call it: default range (less the ephemeral range) and default quarantine. */
	@Benchmark
	public int freeportReserveDefault() {
		try (PortReservation port = Ports.reserve()) {
			return port.port();
		}
	}

	/** The kernel picks an ephemeral port; racy, and in the range outgoing connections use. */
	@Benchmark
	public int serverSocketZero() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	/** The baseline: a random port in the same range, kept if it binds, written as TestSocketUtils does it. */
	@Benchmark
	public int randomPortBindCheck() {
		while (true) {
			int candidate = ThreadLocalRandom.current().nextInt(FROM, TO + 1);
			if (Idioms.isPortAvailable(candidate)) {
				return candidate;
			}
		}
	}

	/** Spring's own TestSocketUtils (random port in 1024-65535, bind check on localhost). */
	@Benchmark
	public int springTestSocketUtils() {
		return TestSocketUtils.findAvailableTcpPort();
	}
}
