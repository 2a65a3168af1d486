/**
 * Benchmarks of freeport against the usual port idioms, and the renderer of {@code docs/benchmarks.md}:
 * JMH allocation latency ({@code AllocationBenchmark}, {@code AllocationSteps}), and plain mains that start
 * child JVMs from the benchmark jar: the first port of a fresh JVM through JUnit's Console Launcher
 * ({@code ColdStart}), young JVMs on a narrow range ({@code YoungJvms}), the JUnit extension's overhead per
 * test, the run report's build, collisions (with loopback noise, and with a foreign process that does not
 * use freeport), scaling with leases held and recovery after a SIGKILL. Each part writes its section into
 * the results folder; {@code BenchmarkPage} assembles them. A separate build (see {@code benchmarks/run.sh});
 * may depend on anything, since it never reaches users.
 */
package io.github.freeport.benchmarks;
