/**
 * AssertJ assertions on ports: {@link io.github.freeport.assertj.FreePortAssertions} ({@code assertThat} for a
 * {@link io.github.freeport.PortReservation}, {@code assertThatPort} for a port number) and
 * {@link io.github.freeport.assertj.FreePortSoftAssertions} for soft assertions.
 *
 * <p>An optional integration: depends on AssertJ (which users bring), the root package, {@code diagnostics}
 * and {@code allocators} (for who leases a port) and the allocation package's socket probes. Nothing in
 * freeport depends on it.
 */
package io.github.freeport.assertj;
