/**
 * Testcontainers on reserved ports: {@link io.github.freeport.testcontainers.ReservedPortBinding} publishes a
 * container port on a reserved host port and holds the lease for the container's life;
 * {@link io.github.freeport.testcontainers.HostPortAccess} lets containers reach servers the test runs on
 * reserved host ports; {@link io.github.freeport.testcontainers.ContainerPortMapping} records what was mapped.
 *
 * <p>An optional integration: depends on Testcontainers 2.x (which users bring, with its docker-java API), on
 * the root package, {@code logs} and {@code config}. Nothing in freeport depends on it.
 */
package io.github.freeport.testcontainers;
