package io.github.freeport.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ServiceLoader;

import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestEngine;

/**
 * Proves which JUnit and Java each leg of the build's compatibility matrix really ran on: the legs swap
 * the test classpath and the JVM, and a swap that silently did nothing would leave every leg green.
 * The build passes the expected versions as system properties.
 */
class RunningVersionsTests {

	@Test
	void runsOnTheJUnitTheBuildAskedFor() throws ClassNotFoundException {
		TestEngine jupiterEngine = ServiceLoader.load(TestEngine.class).stream().map(ServiceLoader.Provider::get)
			.filter(engine -> engine.getId().equals("junit-jupiter")).findFirst().orElseThrow();
		String jupiter = expected("compat.expected.jupiter");
		assertThat(jupiterEngine.getVersion().orElse(null)).as("version of the Jupiter engine, loaded from %s", location(jupiterEngine.getClass()))
			.isEqualTo(jupiter);
		// the API comes from a jar of the same version, or from the same (console standalone) jar as the engine
		Class<?> api = Class.forName("org.junit.jupiter.api.Test");
		if (!location(api).equals(location(jupiterEngine.getClass()))) {
			assertVersion(api, jupiter);
		}
		String platform = expected("compat.expected.platform");
		assertVersion(Class.forName("org.junit.platform.commons.support.ReflectionSupport"), platform);
		assertVersion(TestEngine.class, platform);
		assertVersion(Class.forName("org.junit.platform.launcher.Launcher"), platform);
		assertVersion(Class.forName("org.junit.platform.testkit.engine.EngineTestKit"), platform);
	}

	@Test
	void runsOnTheJavaTheBuildAskedFor() {
		assertThat(String.valueOf(Runtime.version().feature())).isEqualTo(expected("compat.expected.java"));
	}

	private static String expected(String property) {
		String value = System.getProperty(property);
		assertThat(value).as("system property %s, set by the build (pom.xml, maven-surefire-plugin)", property)
			.isNotBlank();
		return value;
	}

	private static void assertVersion(Class<?> type, String expected) {
		assertThat(type.getPackage().getImplementationVersion())
			.as("version of %s, loaded from %s", type.getName(), location(type)).isEqualTo(expected);
	}

	private static String location(Class<?> type) {
		return String.valueOf(type.getProtectionDomain().getCodeSource().getLocation());
	}
}
