/**
 * Benchmarks of freeport against the usual port idioms, and the renderer of {@code docs/benchmarks.md}:
 * JMH allocation latency ({@code AllocationBenchmark}, {@code AllocationSteps}), and plain mains that start
 * child JVMs from the benchmark jar for collisions, scaling with leases held, the JUnit extension's
 * overhead per test and recovery after a SIGKILL. Each part writes its section into the results folder;
 * {@code BenchmarkPage} assembles them. A separate build (see {@code benchmarks/run.sh}); may depend on
 * anything, since it never reaches users.
 */
package io.github.freeport.benchmarks;
