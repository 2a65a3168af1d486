package io.github.freeport.registry;

import io.github.freeport.Protocol;

/**
 * A lease as the registry's metadata records it: which port, which transport, and who holds it.
 *
 * @param port the port number
 * @param protocol {@link Protocol#TCP} or {@link Protocol#UDP}: a lease of both is recorded as one of each
 * @param holder what the holder's metadata slot says
 */
public record RecordedLease(int port, Protocol protocol, Holder holder) {
}
