package io.github.freeport.allocation;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.lang.reflect.InvocationTargetException;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.PrimitiveIterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;

import org.apiguardian.api.API;

/** The built-in strategies, and the lookup of a strategy by name or class name. */
@API(status = INTERNAL, since = "0.1")
public final class PortStrategies {

	/**
	 * What {@code freeport.strategy} accepts, for error messages: a constant, which the configuration's table
	 * copies without loading the strategies (every JUnit JVM with freeport reads that table).
	 */
	public static final String ALLOWED = "'random', 'scan', 'sequential' or the name of a class implementing "
			+ "io.github.freeport.allocation.PortStrategy with a public no-argument constructor";

	public static final PortStrategy RANDOM = new Walk("random", true);
	public static final PortStrategy SCAN = new Walk("scan", false);

	private static final Map<String, PortStrategy> BY_NAME = new ConcurrentHashMap<>(
		Map.of(RANDOM.name(), RANDOM, SCAN.name(), SCAN, "sequential", new Sequential()));

	private PortStrategies() {
	}

	/**
	 * The strategy of a name or class name, one instance per JVM.
	 *
	 * @throws IllegalArgumentException saying what is allowed
	 */
	public static PortStrategy named(String name) {
		PortStrategy known = BY_NAME.get(name);
		if (known != null) {
			return known;
		}
		try {
			Class<?> type = Class.forName(name, true, Thread.currentThread().getContextClassLoader());
			if (!PortStrategy.class.isAssignableFrom(type)) {
				throw new IllegalArgumentException("class " + name + " does not implement " + PortStrategy.class.getName());
			}
			PortStrategy strategy = (PortStrategy) type.getConstructor().newInstance();
			PortStrategy raced = BY_NAME.putIfAbsent(name, strategy);
			return raced != null ? raced : strategy;
		}
		catch (ClassNotFoundException e) {
			throw new IllegalArgumentException("no strategy or class named '" + name + "'", e);
		}
		catch (NoSuchMethodException | InstantiationException | IllegalAccessException | InvocationTargetException e) {
			throw new IllegalArgumentException("cannot create " + name + ": " + e, e);
		}
	}

	/**
	 * Whether a strategy walks the range upwards one index at a time from its start, wrapping: {@code scan}
	 * and {@code sequential}. The allocator may then skip many ports at a step without changing the order.
	 */
	static boolean walksUpwardOneByOne(PortStrategy strategy) {
		return strategy == SCAN || strategy instanceof Sequential;
	}

	/**
	 * A start (random or not) and a stride; a random stride is coprime with the size, so every index comes once.
	 * The allocator walks these itself, by start and stride, without the iterator: see {@code PortAllocator}.
	 */
	record Walk(String name, boolean randomStride) implements PortStrategy {

		@Override
		public PrimitiveIterator.OfInt order(int size, RandomGenerator random) {
			int start = random.nextInt(size);
			int stride = randomStride ? coprimeStride(size, random) : 1;
			return new Stepper(start, stride, size);
		}
	}

	/** From the start of the range, then on from the last index handed out in this JVM. */
	private static final class Sequential implements PortStrategy {

		private final AtomicInteger next = new AtomicInteger();

		@Override
		public String name() {
			return "sequential";
		}

		@Override
		public PrimitiveIterator.OfInt order(int size, RandomGenerator random) {
			return new Stepper(Math.floorMod(next.get(), size), 1, size);
		}

		@Override
		public void handedOut(int index, int size) {
			next.set((index + 1) % size);
		}
	}

	private static final class Stepper implements PrimitiveIterator.OfInt {

		private final int stride;
		private final int size;
		private int index;
		private int left;

		Stepper(int start, int stride, int size) {
			this.index = start;
			this.stride = stride;
			this.size = size;
			this.left = size;
		}

		@Override
		public boolean hasNext() {
			return left > 0;
		}

		@Override
		public int nextInt() {
			if (left == 0) {
				throw new NoSuchElementException();
			}
			int current = index;
			index = (int) ((index + (long) stride) % size);
			left--;
			return current;
		}
	}

	static int coprimeStride(int size, RandomGenerator random) {
		if (size <= 2) {
			return 1;
		}
		int stride = 1 + random.nextInt(size - 1);
		while (gcd(stride, size) != 1) {
			stride = stride % (size - 1) + 1;
		}
		return stride;
	}

	private static int gcd(int a, int b) {
		return b == 0 ? a : gcd(b, a % b);
	}
}
