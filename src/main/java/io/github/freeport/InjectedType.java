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

/**
 * The types {@code @FreePort} can inject, and how reservations become a value of each. What differs between
 * them is in fields and {@code if}s rather than {@code switch}es: a switch over an enum compiles to a class of
 * its own, which every first {@code @FreePort} would load.
 */
enum InjectedType {

	INT(false, null), INTEGER(false, null), RESERVATION(false, null), ADDRESS(false, null), INT_ARRAY(true, null),
	INTEGER_LIST(true, null), RESERVATION_LIST(true, null), SERVER_SOCKET(false, Protocol.TCP),
	SERVER_SOCKET_CHANNEL(false, Protocol.TCP), DATAGRAM_CHANNEL(false, Protocol.UDP);

	static final String SUPPORTED = "int, java.lang.Integer, io.github.freeport.PortReservation, java.net.InetSocketAddress,"
			+ " int[], java.util.List<java.lang.Integer>, java.util.List<io.github.freeport.PortReservation>,"
			+ " java.net.ServerSocket, java.nio.channels.ServerSocketChannel or java.nio.channels.DatagramChannel";

	private final boolean multiple;
	/** The protocol of a socket bound for injection; {@code null} for a port number or reservation, of any. */
	private final Protocol socket;

	InjectedType(boolean multiple, Protocol socket) {
		this.multiple = multiple;
		this.socket = socket;
	}

	/** Whether the value is a socket bound to the port, closed with the scope. */
	boolean bindsSocket() {
		return socket != null;
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
		return Optional.ofNullable(socket);
	}

	/**
	 * The value to inject. Socket types are bound to the reserved port here and handed to
	 * {@code closeAtScopeEnd}, which closes them with the reservation ({@code null} for the other types).
	 */
	Object convert(List<PortReservation> reservations, Consumer<NetworkChannel> closeAtScopeEnd) {
		return bindsSocket() ? bound(reservations.get(0), closeAtScopeEnd) : convert(reservations);
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
		if (this == RESERVATION) {
			return reservations.get(0);
		}
		if (this == ADDRESS) {
			return reservations.get(0).address();
		}
		if (this == INT_ARRAY) {
			return reservations.stream().mapToInt(PortReservation::port).toArray();
		}
		if (this == INTEGER_LIST) {
			return reservations.stream().map(PortReservation::port).collect(Collectors.toUnmodifiableList());
		}
		if (this == RESERVATION_LIST) {
			return List.copyOf(reservations);
		}
		return reservations.get(0).port(); // INT, INTEGER
	}
}
