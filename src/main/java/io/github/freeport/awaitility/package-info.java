/**
 * Conditions on ports for Awaitility's {@code await()}: {@link io.github.freeport.awaitility.PortConditions}
 * ({@code Callable<Boolean>} for {@code until}, plain JDK: usable with any polling loop, Awaitility or not) and
 * {@link io.github.freeport.awaitility.PortExpectations} ({@code ThrowingRunnable} for {@code untilAsserted},
 * failing with messages; needs Awaitility on the classpath).
 *
 * <p>An optional integration: depends on the root package and the allocation package's socket probes, and
 * {@code PortExpectations} on Awaitility. Neither touches Awaitility's global defaults.
 * Nothing in freeport depends on it.
 */
package io.github.freeport.awaitility;
