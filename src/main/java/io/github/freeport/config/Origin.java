package io.github.freeport.config;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

/** Where a configured value came from: the levels of the one precedence, highest first. */
@API(status = INTERNAL)
public enum Origin {

	/** The caller's own value, above all configuration: an annotation attribute, a command-line option. */
	ANNOTATION,

	/** A JUnit configuration parameter: a system property or a line in {@code junit-platform.properties}. */
	CONFIGURATION_PARAMETER,

	/** An environment variable ({@code FREEPORT_RANGE}; for the profile also {@code CI}). */
	ENVIRONMENT_VARIABLE,

	/** The active profile: a built-in one's value, or a {@code freeport.profile.<name>.<key>} setting. */
	PROFILE,

	/** Nothing set it: the built-in default. */
	DEFAULT
}
