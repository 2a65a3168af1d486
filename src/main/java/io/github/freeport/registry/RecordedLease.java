package io.github.freeport.registry;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.github.freeport.Protocol;
import org.apiguardian.api.API;

/**
 * A lease of one transport of one port, and who holds it: as the registry's metadata records it, or as this
 * JVM's table holds it.
 *
 * @param port the port number
 * @param protocol {@link Protocol#TCP} or {@link Protocol#UDP}: a lease of both is recorded as one of each
 * @param holder what the holder's metadata slot, or this JVM's table, says
 */
@API(status = INTERNAL, since = "0.1")
public record RecordedLease(int port, Protocol protocol, Holder holder) {
}
