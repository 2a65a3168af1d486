package io.github.freeport.architecture;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * freeport's layers, bottom up, and what each may depend on: the table that docs/architecture.md shows
 * ({@link ArchitectureDocTests} holds the two equal) and that {@link ArchitectureRules} turns into rules.
 *
 * <p>A layer holds a package of {@code src/main}, or, for the root package, which users import both the
 * bottom and the top of the house from, a part of it: {@link #VALUES} by class name, {@link #FACADE} the rest.
 * Every layer may also use the JDK and {@code org.apiguardian.api}; {@link #libraries} names what else.
 */
enum Layer {

	VALUES("values", List.of("Protocol", "Occupation", "AllocationTrace", "PortReservation", "PortOccupation",
		"FreePortException", "PortsExhaustedException"), Set.of(), List.of()),
	JSON("json", List.of("io.github.freeport.json"), Set.of(), List.of()),
	REGISTRY("registry", List.of("io.github.freeport.registry"), Set.of("values"), List.of()),
	ALLOCATION("allocation", List.of("io.github.freeport.allocation"), Set.of("registry", "values"), List.of()),
	CONFIG("config", List.of("io.github.freeport.config"), Set.of("allocation", "registry", "values"), List.of()),
	ALLOCATORS("allocators", List.of("io.github.freeport.allocators"), Set.of("config", "allocation", "registry", "values"),
		List.of()),
	LOGS("logs", List.of("io.github.freeport.logs"), Set.of("config", "json", "values"), List.of()),
	DIAGNOSTICS("diagnostics", List.of("io.github.freeport.diagnostics"),
		Set.of("allocators", "config", "allocation", "registry", "values"), List.of()),
	CONFLICTS("conflicts", List.of("io.github.freeport.conflicts"),
		Set.of("diagnostics", "logs", "allocators", "config", "allocation", "registry", "values"), List.of()),
	JUNIT("junit", List.of("io.github.freeport.junit"),
		Set.of("conflicts", "diagnostics", "logs", "allocators", "config", "allocation", "registry", "values"),
		List.of("org.junit.jupiter.api", "org.junit.platform.commons", "org.junit.platform.engine", "org.junit.platform.launcher")),
	FACADE("facade", List.of("io.github.freeport"),
		Set.of("junit", "conflicts", "logs", "allocators", "config", "allocation", "registry", "values"),
		List.of("org.junit.jupiter.api", "org.junit.platform.commons")),
	ASSERTJ("assertj", List.of("io.github.freeport.assertj"),
		Set.of("diagnostics", "allocators", "config", "allocation", "registry", "values"), List.of("org.assertj")),
	AWAITILITY("awaitility", List.of("io.github.freeport.awaitility"), Set.of("allocation", "values"),
		List.of("org.awaitility")),
	TESTCONTAINERS("testcontainers", List.of("io.github.freeport.testcontainers"), Set.of("facade", "logs", "config", "values"),
		List.of("org.testcontainers", "com.github.dockerjava"));

	static final String ROOT = "io.github.freeport";

	/** The name used in the table and in the rules' messages. */
	final String title;

	/** The package it holds, or for {@link #VALUES} the root package's classes it holds, by simple name. */
	final List<String> holds;

	/** The titles of the layers it may depend on. */
	final Set<String> mayDependOn;

	/** The packages beyond the JDK and apiguardian it may depend on (their sub-packages included). */
	final List<String> libraries;

	Layer(String title, List<String> holds, Set<String> mayDependOn, List<String> libraries) {
		this.title = title;
		this.holds = holds;
		this.mayDependOn = mayDependOn;
		this.libraries = libraries;
	}

	/** The layer a class of {@code src/main} belongs to, by its name; empty for a class outside {@link #ROOT}. */
	static Optional<Layer> of(String className) {
		String packageName = className.substring(0, Math.max(0, className.lastIndexOf('.')));
		if (packageName.equals(ROOT)) {
			String topLevel = className.substring(ROOT.length() + 1).split("\\$")[0];
			return Optional.of(VALUES.holds.contains(topLevel) ? VALUES : FACADE);
		}
		return Stream.of(values()).filter(layer -> layer != VALUES && layer != FACADE)
			.filter(layer -> layer.holds.stream().anyMatch(held -> packageName.equals(held) || packageName.startsWith(held + ".")))
			.findFirst();
	}
}
