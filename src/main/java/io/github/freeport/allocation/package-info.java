/**
 * Choosing a port: candidates (preferred ports, then a range less the OS ephemeral range), a lease in the
 * registry, then a conservative bind probe; bounded waits when a range is exhausted. Its socket probes
 * ({@link io.github.freeport.allocation.BindProbe}, {@link io.github.freeport.allocation.ConnectProbe}) also serve
 * the optional integrations. Who holds a candidate that failed its probe is asked of a
 * {@link io.github.freeport.allocation.HolderLookup} found through {@code META-INF/services}, off the allocation path.
 *
 * <p>Depends on the registry and the root package's value types; knows nothing of JUnit.
 */
package io.github.freeport.allocation;
