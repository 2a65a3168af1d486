package io.github.freeport.testsupport;

import java.util.function.UnaryOperator;

/**
 * Whether the build runs under CI: the environment variable {@code CI} set and not {@code false}, as {@code .ci/run},
 * GitHub Actions and GitLab set it (freeport's own {@code ci} profile uses the same rule). Under CI what a test or a
 * matrix cell needs from the host is required, not optional. Plain JDK, for the compatibility matrix too.
 */
public final class UnderCi {

	private UnderCi() {
	}

	public static boolean in(UnaryOperator<String> environment) {
		String ci = environment.apply("CI");
		return ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false");
	}
}
