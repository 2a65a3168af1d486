package io.github.freeport.testsupport;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.function.UnaryOperator;

/**
 * What a test needs from the host and cannot bring itself: root, a C compiler, {@code mount}, Chromium, a Docker
 * engine. Where it is missing, the test is skipped with the reason; under CI ({@link UnderCi}) it fails with the
 * same reason instead, so a CI build cannot be green without having run it.
 */
public final class HostRequirements {

	private static final HostRequirements HOST = new HostRequirements(System::getenv);

	private final UnaryOperator<String> environment;

	HostRequirements(UnaryOperator<String> environment) {
		this.environment = environment;
	}

	/**
	 * Returns when {@code met}; otherwise skips the calling test or, under CI, fails it.
	 *
	 * @param missing what is missing and how to get it, e.g. "no C compiler (cc) for the LD_PRELOAD shim"
	 */
	public static void require(boolean met, String missing) {
		HOST.check(met, missing);
	}

	/** Whether missing requirements fail rather than skip on this host. */
	public static boolean required() {
		return HOST.underCi();
	}

	void check(boolean met, String missing) {
		if (met) {
			return;
		}
		if (underCi()) {
			fail("CI=" + environment.apply("CI") + " requires this test to run, but " + missing);
		}
		assumeTrue(false, missing);
	}

	boolean underCi() {
		return UnderCi.in(environment);
	}
}
