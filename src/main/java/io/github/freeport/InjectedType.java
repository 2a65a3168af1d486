package io.github.freeport;

import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import io.github.freeport.allocation.BoundChannels;

/** The types {@code @FreePort} can inject, and how reservations become a value of each. */
enum InjectedType {

	INT(false), INTEGER(false), RESERVATION(false), ADDRESS(false), INT_ARRAY(true), INTEGER_LIST(true),
	RESERVATION_LIST(true), SERVER_SOCKET(false), SERVER_SOCKET_CHANNEL(false), DATAGRAM_CHANNEL(false);

	static final String SUPPORTED = "int, java.lang.Integer, io.github.freeport.PortReservation, java.net.InetSocketAddress,"
			+ " int[], java.util.List<java.lang.Integer>, java.util.List<io.github.freeport.PortReservation>,"
			+ " java.net.ServerSocket, java.nio.channels.ServerSocketChannel or java.nio.channels.DatagramChannel";

	private final boolean multiple;

	InjectedType(boolean multiple) {
		this.multiple = multiple;
	}

	/** Whether the type holds several ports ({@code count} may exceed 1). */
	boolean multiple() {
		return multiple;
	}

	static Optional<InjectedType> of(Type type) {
		if (type == int.class) {
			return Optional.of(INT);
		}
		if (type == Integer.class) {
			return Optional.of(INTEGER);
		}
		if (type == PortReservation.class) {
			return Optional.of(RESERVATION);
		}
		if (type == InetSocketAddress.class) {
			return Optional.of(ADDRESS);
		}
		if (type == ServerSocket.class) {
			return Optional.of(SERVER_SOCKET);
		}
		if (type == ServerSocketChannel.class) {
			return Optional.of(SERVER_SOCKET_CHANNEL);
		}
		if (type == DatagramChannel.class) {
			return Optional.of(DATAGRAM_CHANNEL);
		}
		if (type == int[].class) {
			return Optional.of(INT_ARRAY);
		}
		if (type instanceof ParameterizedType parameterized && parameterized.getRawType() == List.class) {
			Type element = parameterized.getActualTypeArguments()[0];
			if (element == Integer.class) {
				return Optional.of(INTEGER_LIST);
			}
			if (element == PortReservation.class) {
				return Optional.of(RESERVATION_LIST);
			}
		}
		return Optional.empty();
	}

	/** Which protocol the type needs, or empty when any will do. */
	Optional<Protocol> requiredProtocol() {
		switch (this) {
			case SERVER_SOCKET:
			case SERVER_SOCKET_CHANNEL:
				return Optional.of(Protocol.TCP);
			case DATAGRAM_CHANNEL:
				return Optional.of(Protocol.UDP);
			default:
				return Optional.empty();
		}
	}

	/**
	 * The value to inject. Socket types are bound to the reserved port here and handed to
	 * {@code closeAtScopeEnd}, which closes them with the reservation.
	 */
	Object convert(List<PortReservation> reservations, Consumer<NetworkChannel> closeAtScopeEnd) {
		switch (this) {
			case SERVER_SOCKET:
			case SERVER_SOCKET_CHANNEL:
			case DATAGRAM_CHANNEL:
				return bound(reservations.get(0), closeAtScopeEnd);
			default:
				return convert(reservations);
		}
	}

	private Object bound(PortReservation reservation, Consumer<NetworkChannel> closeAtScopeEnd) {
		try {
			if (this == DATAGRAM_CHANNEL) {
				DatagramChannel channel = BoundChannels.udp(reservation.port());
				closeAtScopeEnd.accept(channel);
				return channel;
			}
			ServerSocketChannel channel = BoundChannels.tcp(reservation.port());
			closeAtScopeEnd.accept(channel);
			return this == SERVER_SOCKET ? channel.socket() : channel;
		}
		catch (IOException e) {
			throw new FreePortException("Could not bind reserved port " + reservation.port() + " for injection: a process"
					+ " outside the freeport registry bound it right after it was probed (" + e.getMessage() + ")", e);
		}
	}

	private Object convert(List<PortReservation> reservations) {
		switch (this) {
			case RESERVATION:
				return reservations.get(0);
			case ADDRESS:
				return reservations.get(0).address();
			case INT_ARRAY:
				return reservations.stream().mapToInt(PortReservation::port).toArray();
			case INTEGER_LIST:
				return reservations.stream().map(PortReservation::port).collect(Collectors.toUnmodifiableList());
			case RESERVATION_LIST:
				return List.copyOf(reservations);
			default:
				return reservations.get(0).port();
		}
	}
}
