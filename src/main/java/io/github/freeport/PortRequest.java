package io.github.freeport;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;
import static org.apiguardian.api.API.Status.STABLE;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.github.freeport.allocation.AllocationRequest;
import io.github.freeport.allocation.PortRange;
import io.github.freeport.allocation.PortStrategies;
import io.github.freeport.allocation.PortStrategy;
import io.github.freeport.allocation.ProbeAddress;
import io.github.freeport.config.Configuration;
import io.github.freeport.config.Configuration.Setting;
import io.github.freeport.config.Keys;
import io.github.freeport.junit.TestScopes;
import io.github.freeport.logs.ProgrammaticFailures;
import io.github.freeport.registry.FileLockRegistry;
import org.apiguardian.api.API;

/**
 * A request for a port, built step by step: {@code Ports.request().protocol(UDP).range(20000, 20999).reserve()}.
 * Options left unset come from the configuration (system properties, then environment variables).
 */
@API(status = STABLE, since = "0.1")
public final class PortRequest {

	private final Configuration configuration;
	private Protocol protocol = Protocol.TCP;
	private PortRange range;
	/** The preferred ports, in order; none (an empty list, no list made) until {@link #preferred(int...)}. */
	private List<Integer> preferred = List.of();
	private String owner;
	private Duration exhaustionTimeout;
	private Duration quarantine;
	private PortStrategy strategy;
	private ProbeAddress probeAddress;
	private boolean hold;
	private Duration expireAfter;
	private boolean scoped;

	/** The longest {@link #expireAfter(Duration) expiry}: a reservation meant to outlive a day is not a test's. */
	static final Duration LONGEST_EXPIRY = Duration.ofHours(24);
	/** The shortest expiry. */
	static final Duration SHORTEST_EXPIRY = Duration.ofMillis(1);

	PortRequest(Configuration configuration) {
		this.configuration = configuration;
	}

	/** Its reservations are held and closed by the JUnit extension's scope, which logs them: no leak watch, no log here. */
	PortRequest scoped() {
		this.scoped = true;
		return this;
	}

	/**
	 * The transport; {@link Protocol#TCP} unless set.
	 *
	 * @param protocol TCP, UDP, or both under one port number
	 * @return this request
	 */
	public PortRequest protocol(Protocol protocol) {
		this.protocol = Objects.requireNonNull(protocol, "protocol");
		return this;
	}

	/**
	 * The range to pick from, inclusive.
	 *
	 * @param from the range's first port
	 * @param to the range's last port
	 * @return this request
	 * @throws IllegalArgumentException unless {@code 1 <= from <= to <= 65535}
	 */
	public PortRequest range(int from, int to) {
		this.range = new PortRange(from, to);
		return this;
	}

	/**
	 * The range to pick from, as {@code "from-to"}.
	 *
	 * @param range the range, e.g. {@code "20000-20999"}
	 * @return this request
	 * @throws IllegalArgumentException naming the text when it is not a valid range
	 */
	public PortRequest range(String range) {
		this.range = PortRange.parse(Objects.requireNonNull(range, "range"));
		return this;
	}

	/**
	 * Ports to try first, in order, before the range.
	 *
	 * @param ports the ports, each 1-65535, in the order to try them
	 * @return this request
	 * @throws IllegalArgumentException naming a port outside 1-65535
	 */
	public PortRequest preferred(int... ports) {
		for (int port : ports) {
			if (port < 1 || port > 65535) {
				throw new IllegalArgumentException("Invalid preferred port " + port + ": expected 1-65535");
			}
			if (preferred.isEmpty()) {
				preferred = new ArrayList<>();
			}
			preferred.add(port);
		}
		return this;
	}

	/**
	 * Who asks, recorded as the lease's holder (e.g. a test name); defaults to the calling thread.
	 *
	 * @param owner a name for humans, shown by diagnostics and in the allocation log
	 * @return this request
	 */
	public PortRequest owner(String owner) {
		this.owner = Objects.requireNonNull(owner, "owner");
		return this;
	}

	/**
	 * How long to wait for a port when the range is exhausted; {@value FreePort#EXHAUSTION_TIMEOUT_PROPERTY_NAME} unless set.
	 *
	 * @param timeout zero or more; zero fails at once
	 * @return this request
	 * @throws IllegalArgumentException when the timeout is negative
	 */
	public PortRequest exhaustionTimeout(Duration timeout) {
		if (timeout.isNegative()) {
			throw new IllegalArgumentException("Invalid exhaustion timeout " + timeout + ": expected zero or more");
		}
		this.exhaustionTimeout = timeout;
		return this;
	}

	/**
	 * How long a released range port rests before it is handed out again; {@value FreePort#QUARANTINE_PROPERTY_NAME}
	 * unless set. Zero turns the quarantine off for this request.
	 *
	 * @param quarantine zero or more
	 * @return this request
	 * @throws IllegalArgumentException when the quarantine is negative
	 */
	public PortRequest quarantine(Duration quarantine) {
		if (quarantine.isNegative()) {
			throw new IllegalArgumentException("Invalid quarantine " + quarantine + ": expected zero or more");
		}
		this.quarantine = quarantine;
		return this;
	}

	/**
	 * The order in which the range is tried: {@code random}, {@code scan}, {@code sequential}, or the name
	 * of a {@link PortStrategy} class; {@code freeport.strategy} unless set.
	 *
	 * @param strategy the strategy's name, or a class name
	 * @return this request
	 * @throws IllegalArgumentException naming the value when no such strategy exists
	 */
	public PortRequest strategy(String strategy) {
		try {
			this.strategy = PortStrategies.named(Objects.requireNonNull(strategy, "strategy"));
		}
		catch (IllegalArgumentException e) {
			throw new IllegalArgumentException("Invalid strategy '" + strategy + "': " + e.getMessage() + "; expected "
					+ PortStrategies.ALLOWED, e);
		}
		return this;
	}

	/**
	 * The address the code under test will bind, which the probe checks: {@code wildcard} (the default),
	 * {@code loopback} or an IP literal; {@code freeport.probe.address} unless set.
	 *
	 * @param address {@code wildcard}, {@code loopback} or an IP literal
	 * @return this request
	 * @throws IllegalArgumentException naming the value when it is none of these
	 */
	public PortRequest probeAddress(String address) {
		try {
			this.probeAddress = ProbeAddress.parse(Objects.requireNonNull(address, "address"));
		}
		catch (IllegalArgumentException e) {
			throw new IllegalArgumentException("Invalid probe address '" + address + "': expected " + ProbeAddress.ALLOWED, e);
		}
		return this;
	}

	/**
	 * Keeps the port bound (a listening TCP socket and/or a bound UDP socket) until
	 * {@link PortReservation#handOff()}, so that processes outside the registry cannot take it meanwhile.
	 *
	 * @return this request
	 */
	public PortRequest hold() {
		this.hold = true;
		return this;
	}

	/**
	 * Ends each reservation by itself after {@code duration}, if it was not closed before: the lease is
	 * released (held sockets closed), one warning names the port and the line that reserved it, and the
	 * allocation log records the expiry. {@link PortReservation#close()} after that does nothing. A safety
	 * net for reservations whose end is hard to reach (a server started in the background); closing them is
	 * still the way. Each reservation of {@link #reserve(int)} or {@link #reserveBlock(int)} expires on its own,
	 * and so does one of {@link #reserveForTest()} whose scope has not ended by then.
	 *
	 * @param duration how long the reservation may live, from 1 ms to 24 hours
	 * @return this request
	 * @throws IllegalArgumentException naming the value unless it is from 1 ms to 24 hours
	 */
	@API(status = EXPERIMENTAL, since = "0.1")
	public PortRequest expireAfter(Duration duration) {
		if (duration == null || duration.compareTo(SHORTEST_EXPIRY) < 0 || duration.compareTo(LONGEST_EXPIRY) > 0) {
			throw new IllegalArgumentException("Invalid expireAfter(" + duration + "): expected a duration from 1 ms"
					+ " (PT0.001S) to 24 hours (PT24H)" + (duration != null && duration.compareTo(LONGEST_EXPIRY) > 0
						? "; close the reservation yourself instead" : ""));
		}
		this.expireAfter = duration;
		return this;
	}

	/**
	 * Leases a port, probes it and returns the reservation. Close it when done.
	 *
	 * @return the reservation, holding the port until closed
	 */
	public PortReservation reserve() {
		Lifetime lifetime = lifetime();
		try {
			return Ports.reserve(toAllocationRequest(), configuration, hold, lifetime);
		}
		catch (RuntimeException e) {
			throw failed(e, lifetime, 1, false, null);
		}
	}

	/** How this request's reservations end; captures the caller's frame when anything may warn about them. */
	private Lifetime lifetime() {
		return Lifetime.of(scoped, expireAfter);
	}

	/**
	 * Logs a failure, unless the extension's scope logs its own, and returns it to be thrown.
	 *
	 * @param asked the owner the request was made for, or {@code null} for this request's
	 */
	private RuntimeException failed(RuntimeException error, Lifetime lifetime, int count, boolean contiguous, String asked) {
		if (!scoped) {
			String requested;
			try {
				requested = (range != null ? range : configuration.range()).toString();
			}
			catch (RuntimeException e) {
				requested = configuration.get(Keys.RANGE).map(Setting::value).orElse("?");
			}
			ReservingFrame frame = lifetime.frame() != null ? lifetime.frame() : ReservingFrame.capture();
			ProgrammaticFailures.record(configuration, asked != null ? asked : owner != null ? owner
					: "thread " + Thread.currentThread().getName(), frame.toString(), protocol, requested, preferred, count,
				contiguous, error, FileLockRegistry.pid(), FileLockRegistry.fork());
		}
		return error;
	}

	/**
	 * Leases a port, probes it and returns the reservation, leased until the JUnit scope running now ends:
	 * see {@link Ports#reserveForTest()}. Options left unset come from this request's configuration.
	 *
	 * @return the reservation, held by the JUnit scope that asked for it
	 * @throws FreePortException on a JUnit older than the supported one, naming the versions and the fix
	 */
	public PortReservation reserveForTest() {
		Lifetime lifetime = Lifetime.of(true, expireAfter); // the scope holds it: never a leak
		String[] asked = new String[1];
		try {
			return TestScopes.reserve(owner, scopeOwner -> {
				asked[0] = scopeOwner;
				return Ports.reserve(toAllocationRequest(scopeOwner), configuration, hold, lifetime);
			});
		}
		catch (RuntimeException e) {
			throw failed(e, lifetime, 1, false, asked[0]);
		}
	}

	/**
	 * Leases {@code count} ports, all or nothing: when one cannot be had, none stays leased.
	 *
	 * @param count how many ports, 1 or more
	 * @return the reservations, one per port
	 * @throws IllegalArgumentException when count is below 1
	 */
	public List<PortReservation> reserve(int count) {
		Lifetime lifetime = lifetime();
		try {
			return Ports.reserve(toAllocationRequest(), configuration, checkedCount(count), false, hold, lifetime);
		}
		catch (RuntimeException e) {
			throw failed(e, lifetime, count, false, null);
		}
	}

	/**
	 * Leases a block of {@code count} consecutive ports, all or nothing; preferred ports are tried as
	 * the block's first port.
	 *
	 * @param count how many ports, 1 or more
	 * @return the reservations, in port order
	 * @throws IllegalArgumentException when count is below 1
	 */
	public List<PortReservation> reserveBlock(int count) {
		Lifetime lifetime = lifetime();
		try {
			return Ports.reserve(toAllocationRequest(), configuration, checkedCount(count), true, hold, lifetime);
		}
		catch (RuntimeException e) {
			throw failed(e, lifetime, count, true, null);
		}
	}

	private static int checkedCount(int count) {
		if (count < 1 || count > 65535) {
			throw new IllegalArgumentException("Invalid port count " + count + ": expected 1-65535");
		}
		return count;
	}

	AllocationRequest toAllocationRequest() {
		String asker = owner != null ? owner : ThreadOwner.ofCurrentThread();
		if (protocol != Protocol.TCP || !preferred.isEmpty() || exhaustionTimeout != null || quarantine != null
				|| strategy != null || probeAddress != null || !configuration.isMemoized()) {
			return toAllocationRequest(asker);
		}
		// a plain request: a thread reserving in a loop asks the same each time, so the last one made is kept
		PortRange asked = range != null ? range : configuration.range();
		PlainRequest known = lastPlain;
		if (known == null || known.configuration != configuration || known.owner != asker || !known.range.equals(asked)) {
			known = new PlainRequest(configuration, asker, asked, toAllocationRequest(asker));
			lastPlain = known;
		}
		return known.request;
	}

	private static volatile PlainRequest lastPlain;

	/** A request that set nothing but its range (and maybe its owner), as made for a configuration. */
	private static final class PlainRequest {

		final Configuration configuration;
		final String owner;
		final PortRange range;
		final AllocationRequest request;

		PlainRequest(Configuration configuration, String owner, PortRange range, AllocationRequest request) {
			this.configuration = configuration;
			this.owner = owner;
			this.range = range;
			this.request = request;
		}
	}

	private AllocationRequest toAllocationRequest(String owner) {
		return new AllocationRequest(protocol, range != null ? range : configuration.range(),
			preferred, owner,
			exhaustionTimeout != null ? exhaustionTimeout : configuration.exhaustionTimeout(),
			quarantine != null ? quarantine : configuration.quarantine(),
			strategy != null ? strategy : configuration.portStrategy(),
			probeAddress != null ? probeAddress : configuration.probeAddressValue());
	}

	/**
	 * The owner of a request that names none, {@code thread <name>}, as made last: a thread reserving in a loop
	 * asks for the same text each time, which a young JVM would otherwise build anew each time.
	 */
	private static final class ThreadOwner {

		private static volatile ThreadOwner last;

		/** The thread's id, not the thread: an ended thread must not stay reachable from here. */
		private final long threadId;
		private final String name;
		private final String owner;

		private ThreadOwner(long threadId, String name) {
			this.threadId = threadId;
			this.name = name;
			this.owner = "thread " + name;
		}

		@SuppressWarnings("deprecation") // Thread.getId(): threadId() is Java 19
		static String ofCurrentThread() {
			Thread current = Thread.currentThread();
			String name = current.getName();
			ThreadOwner known = last;
			if (known == null || known.threadId != current.getId() || known.name != name) { // a renamed thread: a new text
				known = new ThreadOwner(current.getId(), name);
				last = known;
			}
			return known.owner;
		}
	}
}
