/**
 * Tests that run several real JVMs against one registry folder: exclusive leases across processes,
 * leases freed when a holder is killed, exhaustion naming the holder, and the lock file guard.
 *
 * <p>{@link io.github.freeport.crossprocess.LeaseWorker} is the child JVMs' {@code main}; the tests drive it
 * through {@link io.github.freeport.crossprocess.WorkerJvm}, one command line in, one answer line out.
 * May depend on the whole library, JUnit, AssertJ and Awaitility (the worker itself on the library only).
 */
package io.github.freeport.crossprocess;
