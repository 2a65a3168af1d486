/**
 * freeport's public API: {@link io.github.freeport.FreePort} for JUnit Jupiter, {@link io.github.freeport.Ports}
 * for everything else, and the {@link io.github.freeport.PortReservation} both hand out.
 *
 * <p>This package is two layers in one, since users import both from here. At the bottom, the value types
 * every layer uses ({@link io.github.freeport.Protocol}, {@link io.github.freeport.Occupation},
 * {@link io.github.freeport.AllocationTrace}, {@link io.github.freeport.PortReservation},
 * {@link io.github.freeport.PortOccupation} and the exceptions), which reference nothing else of freeport.
 * At the top, the facade ({@code Ports}, {@code PortRequest}, {@code PortConflicts}) and the annotations with
 * their extensions beside them, package-private: it may depend on every internal package, and none depends
 * on it. The architecture tests enforce both.
 */
package io.github.freeport;
