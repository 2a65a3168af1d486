package io.github.freeport.junit;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import io.github.freeport.PortReservation;

/** The types {@code @FreePort} can inject, and how reservations become a value of each. */
enum InjectedType {

	INT(false), INTEGER(false), RESERVATION(false), ADDRESS(false), INT_ARRAY(true), INTEGER_LIST(true),
	RESERVATION_LIST(true);

	static final String SUPPORTED = "int, java.lang.Integer, io.github.freeport.PortReservation, java.net.InetSocketAddress,"
			+ " int[], java.util.List<java.lang.Integer> or java.util.List<io.github.freeport.PortReservation>";

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

	Object convert(List<PortReservation> reservations) {
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
