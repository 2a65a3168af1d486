/**
 * This JVM's allocators, one per registry folder, made from the configuration:
 * {@link io.github.freeport.allocators.Allocators}. The one place that turns a configuration into a registry
 * and an allocator, for the public API, the JUnit glue, conflicts and diagnostics alike.
 *
 * <p>Depends on the configuration, the allocator, the registry and the root package's value types.
 */
package io.github.freeport.allocators;
