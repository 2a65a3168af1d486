package io.github.freeport.allocation;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.PrimitiveIterator;
import java.util.random.RandomGenerator;

import org.apiguardian.api.API;

/**
 * The order in which the ports of a range are tried, after the preferred ports. The range (less the OS
 * ephemeral range) is presented as indexes {@code 0..size-1}; a strategy returns each index at most once.
 *
 * <p>Built in: {@code random} (the default: a random start and a random stride, so parallel JVMs spread
 * out), {@code scan} (a random start, then up, wrapping), {@code sequential} (from the start of the range,
 * then on from the last port handed out in this JVM, wrapping). Users implement this interface with a
 * public no-argument constructor and name the class in {@code freeport.strategy}.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public interface PortStrategy {

	/** The name shown in traces and accepted in configuration. */
	String name();

	/**
	 * The indexes to try, each at most once.
	 *
	 * @param size how many ports the range holds, at least 1
	 * @param random a generator for strategies that want one
	 */
	PrimitiveIterator.OfInt order(int size, RandomGenerator random);

	/** Told which index was handed out, for strategies that continue from there. Does nothing by default. */
	default void handedOut(int index, int size) {
	}
}
