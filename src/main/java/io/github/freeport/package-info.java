/**
 * freeport's public API: {@link io.github.freeport.FreePort} for JUnit Jupiter, {@link io.github.freeport.Ports}
 * for everything else, and the {@link io.github.freeport.PortReservation} both hand out.
 *
 * <p>Depends on the JUnit Jupiter API (for the annotation) and on freeport's internal packages; nothing
 * internal depends on the JUnit glue.
 */
package io.github.freeport;
