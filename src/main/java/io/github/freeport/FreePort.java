package io.github.freeport;

import static org.apiguardian.api.API.Status.STABLE;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.github.freeport.config.Keys;
import io.github.freeport.junit.BindFailureExtension;
import io.github.freeport.junit.ChaosFailureNote;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Injects a port that is free <em>and reserved</em> for the JUnit scope the annotated element lives in.
 *
 * <h2>Where it goes</h2>
 * <p>On a parameter of a test method, lifecycle method or test class constructor, or on a field, static
 * or not. No {@code @ExtendWith} is needed: the annotation registers its extension. It may also be used as
 * a meta-annotation, to name a house style once ({@code @DatabasePort}).
 *
 * <p>The annotated element may be of type {@code int}, {@link Integer}, {@link PortReservation} or
 * {@link java.net.InetSocketAddress} (the loopback address and the port); with {@link #count()}, of type
 * {@code int[]}, {@code List<Integer>} or {@code List<PortReservation>}. A {@link java.net.ServerSocket},
 * {@link java.nio.channels.ServerSocketChannel} (TCP) or {@link java.nio.channels.DatagramChannel} (UDP)
 * element is injected already bound to the reserved port, and closed at the end of the scope. Any other type, a {@code final}
 * field or an invalid attribute fails the test with a message naming the element and the value.
 *
 * <h2>Scope</h2>
 * <ul>
 * <li>a method parameter: that invocation;</li>
 * <li>a constructor parameter or an instance field: the test instance (one test method by default, the
 * whole class under {@code @TestInstance(PER_CLASS)}); the fields of {@code @Nested} enclosing instances
 * are filled too;</li>
 * <li>a static field: the test class.</li>
 * </ul>
 * Declarations with the same {@link #name()} share one reservation: the first one in the scope chain.
 *
 * <h2>Reservation</h2>
 * <p>A port is handed out only when it is leased in the host's registry (an OS file lock, so parallel
 * test JVMs never get the same port, and a JVM that dies leaves nothing behind) <em>and</em> bindable
 * right now. {@link #preferred()} ports are tried first, in order, then the {@link #range()}, where the
 * operating system's ephemeral range is left out.
 *
 * <h2>Release</h2>
 * <p>The reservation is closed when its scope ends, also when the test fails: the lease is released and
 * the port quarantined briefly ({@value #QUARANTINE_PROPERTY_NAME}) before it is handed out again.
 *
 * @see Ports for use without JUnit
 */
@API(status = STABLE, since = "0.1")
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.ANNOTATION_TYPE })
@ExtendWith({ FreePortExtension.class, BindFailureExtension.class, ChaosFailureNote.class })
public @interface FreePort {

	/**
	 * Configuration key of the default range, {@code from-to} inclusive, e.g. {@code 20000-29999}.
	 * Default: {@code 10000-65535}, less the OS ephemeral range. Environment variable: {@code FREEPORT_RANGE}.
	 */
	String RANGE_PROPERTY_NAME = Keys.RANGE;

	/**
	 * Configuration key of the registry folder. Default: {@code freeport-<user>} under
	 * {@code java.io.tmpdir}. Environment variable: {@code FREEPORT_REGISTRY_DIR}.
	 */
	String REGISTRY_DIR_PROPERTY_NAME = Keys.REGISTRY_DIR;

	/**
	 * Configuration key of how long to wait for a port when the whole range is taken, e.g. {@code 10s},
	 * {@code 500ms}. Default: from the profile ({@code 5s} local, {@code 30s} ci). Environment variable: {@code FREEPORT_EXHAUSTION_TIMEOUT}.
	 */
	String EXHAUSTION_TIMEOUT_PROPERTY_NAME = Keys.EXHAUSTION_TIMEOUT;

	/**
	 * Configuration key of how long a released range port is kept from being handed out again, e.g.
	 * {@code 2s}. Default: from the profile ({@code 1s} local, {@code 2s} ci). Environment variable: {@code FREEPORT_QUARANTINE}.
	 */
	String QUARANTINE_PROPERTY_NAME = Keys.QUARANTINE;

	/**
	 * Configuration key of the folder that holds the allocation logs, one sub-folder per run. Default:
	 * {@code target/freeport} under the working directory ({@code build/freeport} in a Gradle project).
	 * Environment variable: {@code FREEPORT_LOG_DIR}. See {@code docs/logs.md}.
	 */
	String LOG_DIR_PROPERTY_NAME = Keys.LOG_DIR;

	/**
	 * Configuration key of the run id that names a run's log folder, shared by all forks of one build, e.g.
	 * the CI build number. Default: derived from the Maven process that forked this JVM, else from this JVM.
	 * Environment variable: {@code FREEPORT_RUN_ID}.
	 */
	String RUN_ID_PROPERTY_NAME = Keys.RUN_ID;

	/** {@return the transport to reserve the port for} */
	Protocol protocol() default Protocol.TCP;

	/**
	 * {@return the range to pick from, {@code "from-to"} inclusive (e.g. {@code "20000-20999"}); empty means the
	 * configured default ({@value #RANGE_PROPERTY_NAME})}
	 */
	String range() default "";

	/** {@return ports to try first, in order, before the range: the fallback sequence} */
	int[] preferred() default {};

	/**
	 * {@return how many ports to reserve; above 1 the element must be {@code int[]}, {@code List<Integer>} or
	 * {@code List<PortReservation>}} All or nothing: a partial set is never left leased.
	 */
	int count() default 1;

	/** {@return whether the {@link #count()} ports must be consecutive (a block); preferred ports are block starts} */
	boolean contiguous() default false;

	/**
	 * {@return the order in which the range is tried: {@code random}, {@code scan}, {@code sequential} or a
	 * strategy class name; empty means the configured one ({@code freeport.strategy})}
	 */
	String strategy() default "";

	/**
	 * {@return the address the code under test will bind, which the probe checks: {@code wildcard},
	 * {@code loopback} or an IP literal; empty means the configured one ({@code freeport.probe.address})}
	 */
	String address() default "";

	/**
	 * {@return whether the reservation keeps the port bound until {@link PortReservation#handOff()}, shutting out
	 * processes that do not use the registry; for a {@link PortReservation} element}
	 */
	boolean hold() default false;

	/**
	 * {@return a name shared by declarations that should get the same reservation; empty means this declaration
	 * gets its own}
	 */
	String name() default "";
}
