package io.github.freeport;

import static org.apiguardian.api.API.Status.STABLE;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Injects a port that is <em>busy</em> for the JUnit scope of the annotated element, in the way
 * {@link #value()} chooses, to exercise the fallback paths of the code under test:
 *
 * <pre>{@code
 * @Test
 * void fallsBackWhenTheDefaultPortIsTaken(@OccupiedPort(port = 8080) int busy) {
 *     Server server = Server.startWithDefaults();
 *     assertThat(server.port()).isNotEqualTo(busy);
 * }
 * }</pre>
 *
 * <h2>Where it goes</h2>
 * <p>As {@link FreePort}: a parameter of a test method, lifecycle method or constructor, or a field,
 * static or not; no {@code @ExtendWith} needed; usable as a meta-annotation. The element may be of type
 * {@code int}, {@link Integer}, {@link PortOccupation} (to ask for the holder's pid, or to free the port
 * early with {@code close()}) or {@link java.net.InetSocketAddress} (loopback and the port).
 *
 * <h2>Which port</h2>
 * <p>{@link #port()} names one, typically the default port of the code under test; if it cannot be had
 * (leased by another freeport user, or bound by any other process) the test fails with a message naming
 * the port and its holder. Without it a free port is picked from {@link #range()} as {@code @FreePort}
 * would pick it. Either way the port is leased in the host's registry, so no other freeport user is
 * handed it while it is occupied.
 *
 * <h2>Scope</h2>
 * <p>As {@link FreePort}: a method parameter for that invocation, a constructor parameter or instance
 * field for the test instance, a static field for the class. The occupation ends with its scope, also
 * when the test fails: the socket is closed, a holder process is stopped and waited for, the lease is
 * released.
 *
 * @see Occupation for what the code under test observes in each mode
 * @see PortConflicts for use without JUnit
 */
@API(status = STABLE, since = "0.1")
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.ANNOTATION_TYPE })
@ExtendWith(OccupiedPortExtension.class)
public @interface OccupiedPort {

	/** {@return how the port is kept busy; {@link Occupation#LISTENING} in this JVM unless given} */
	Occupation value() default Occupation.LISTENING;

	/** {@return the port to occupy, 1-65535; {@code 0} (the default) picks a free one from {@link #range()}} */
	int port() default 0;

	/**
	 * {@return the range to pick a free port from when {@link #port()} is not given, {@code "from-to"} inclusive;
	 * empty means the configured default ({@value FreePort#RANGE_PROPERTY_NAME})}
	 */
	String range() default "";
}
