package io.github.freeport.junit;

import java.util.concurrent.atomic.AtomicBoolean;

import io.github.freeport.AllocationTrace;
import io.github.freeport.PortReservation;
import io.github.freeport.Protocol;

/**
 * The handle {@code reserveForTest()} returns: the reservation, held by its {@link TestScope} until the scope
 * ends or the user closes it first. Closing tells the scope, which logs the release once. The scope holds it
 * strongly, so a scoped reservation is never taken for a leak. Not API.
 */
final class ScopedReservation implements PortReservation {

	private final PortReservation reservation;
	private final TestScope scope;
	private final String element;
	private final AtomicBoolean published = new AtomicBoolean();

	ScopedReservation(PortReservation reservation, TestScope scope, String element) {
		this.reservation = reservation;
		this.scope = scope;
		this.element = element;
	}

	/** Where it was asked for, e.g. {@code Ports.reserveForTest() in com.example.Ports.free(Ports.java:12)}. */
	String element() {
		return element;
	}

	/** True the first time only: the event is published once, whoever ends the reservation. */
	boolean claimPublication() {
		return published.compareAndSet(false, true);
	}

	TestScope scope() {
		return scope;
	}

	@Override
	public int port() {
		return reservation.port();
	}

	@Override
	public Protocol protocol() {
		return reservation.protocol();
	}

	@Override
	public AllocationTrace trace() {
		return reservation.trace();
	}

	@Override
	public boolean isHeld() {
		return reservation.isHeld();
	}

	@Override
	public int handOff() {
		return reservation.handOff();
	}

	@Override
	public boolean isReleased() {
		return reservation.isReleased();
	}

	@Override
	public void close() {
		reservation.close();
		scope.released(this);
	}

	@Override
	public String toString() {
		return reservation + " for " + scope;
	}
}
