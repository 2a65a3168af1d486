package io.github.freeport;

import java.nio.channels.NetworkChannel;
import java.time.Duration;
import java.util.List;

import io.github.freeport.config.Configuration;
import io.github.freeport.registry.Lease;

/**
 * How the reservations of one request end: held by a scope that closes them (the JUnit extension), or
 * handed to a user who must close them and is therefore watched for leaks; and, either way, whether they
 * expire. Knows where the request was made, for the warnings; the frame is captured only when one of
 * them may warn.
 *
 * @param scoped whether a scope holds and closes them: then no leak is ever looked for
 * @param expireAfter when they end by themselves, or {@code null}
 * @param frame where the request was made, or {@code null} when nothing will warn
 */
record Lifetime(boolean scoped, Duration expireAfter, ReservingFrame frame) {

	/** For a request made on this thread now: captures the caller's frame when anything may warn. */
	static Lifetime of(boolean scoped, Duration expireAfter) {
		return new Lifetime(scoped, expireAfter, scoped && expireAfter == null ? null : ReservingFrame.capture());
	}

	/** The reservation to hand out for a lease: the state itself for a scope, else a watched handle around it. */
	PortReservation handOut(Lease lease, AllocationTrace trace, List<NetworkChannel> held, Configuration configuration) {
		LeaseState state = new LeaseState(lease, trace, held, configuration, frame, expireAfter, !scoped);
		return scoped ? state : new WatchedReservation(state);
	}
}
