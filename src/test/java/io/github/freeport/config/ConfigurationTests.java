package io.github.freeport.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import io.github.freeport.FreePortException;
import io.github.freeport.allocation.PortRange;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigurationTests {

	private static Configuration config(Map<String, String> parameters, Map<String, String> environment) {
		return Configuration.of(parameters, environment);
	}

	@Nested
	class FromSystemProperties {

		private static final String KEY = "freeport.exhaustion.timeout";

		@Test
		void readOnceWhileTheyStayTheSame() {
			assertThat(Configuration.fromSystem()).isSameAs(Configuration.fromSystem());
		}

		@Test
		void aPropertySetOrClearedIsSeenAtTheNextCall() {
			String before = System.getProperty(KEY);
			try {
				System.clearProperty(KEY);
				Duration unset = Configuration.fromSystem().exhaustionTimeout();
				System.setProperty(KEY, "7s");
				assertThat(Configuration.fromSystem().exhaustionTimeout()).isEqualTo(Duration.ofSeconds(7));
				System.setProperty(KEY, "8s");
				assertThat(Configuration.fromSystem().exhaustionTimeout()).isEqualTo(Duration.ofSeconds(8));
				System.clearProperty(KEY);
				assertThat(Configuration.fromSystem().exhaustionTimeout()).isEqualTo(unset);
			}
			finally {
				if (before == null) {
					System.clearProperty(KEY);
				}
				else {
					System.setProperty(KEY, before);
				}
			}
		}

		@Test
		void anInvalidValueFailsEveryTimeItIsAskedFor() {
			String before = System.getProperty(KEY);
			try {
				System.setProperty(KEY, "soon");
				Configuration configuration = Configuration.fromSystem();
				assertThatThrownBy(configuration::exhaustionTimeout).hasMessageContaining("'soon'");
				assertThatThrownBy(configuration::exhaustionTimeout).hasMessageContaining("'soon'");
			}
			finally {
				if (before == null) {
					System.clearProperty(KEY);
				}
				else {
					System.setProperty(KEY, before);
				}
			}
		}
	}

	@Nested
	class Profiles {

		@Test
		void localUnlessCiIsSet() {
			Configuration local = config(Map.of(), Map.of());
			assertThat(local.profile()).isEqualTo(Profile.LOCAL);
			assertThat(local.profileSource()).isEqualTo("default (CI is not set)");
			assertThat(local.strategy().value()).isEqualTo("scan");
			assertThat(local.exhaustionTimeout()).isEqualTo(Duration.ofSeconds(5));
			assertThat(local.quarantine()).isEqualTo(Duration.ofSeconds(1));
			assertThat(local.registryRequired()).isFalse();
		}

		@Test
		void ciWhenTheCiVariableIsSet() {
			Configuration ci = config(Map.of(), Map.of("CI", "true"));
			assertThat(ci.profile()).isEqualTo(Profile.CI);
			assertThat(ci.profileSource()).isEqualTo("environment variable CI");
			assertThat(ci.strategy().value()).isEqualTo("random");
			assertThat(ci.exhaustionTimeout()).isEqualTo(Duration.ofSeconds(30));
			assertThat(config(Map.of(), Map.of("CI", "false")).profile()).isEqualTo(Profile.LOCAL);
		}

		@Test
		void sharedHostIsConservative() {
			Configuration shared = config(Map.of("freeport.profile", "shared-host"), Map.of("CI", "true"));
			assertThat(shared.profile()).isEqualTo(Profile.SHARED_HOST);
			assertThat(shared.quarantine()).isEqualTo(Duration.ofSeconds(10));
			assertThat(shared.exhaustionTimeout()).isEqualTo(Duration.ofSeconds(60));
			assertThat(shared.registryRequired()).isTrue();
		}

		@Test
		void userDefinedProfile() {
			Configuration mine = config(Map.of("freeport.profile", "mine", "freeport.profile.mine.range", "30000-30099",
				"freeport.profile.mine.quarantine", "250ms"), Map.of());
			assertThat(mine.profile().name()).isEqualTo("mine");
			assertThat(mine.range()).isEqualTo(new PortRange(30000, 30099));
			assertThat(mine.quarantine()).isEqualTo(Duration.ofMillis(250));
			assertThat(mine.get("freeport.range").orElseThrow().source())
				.isEqualTo("configuration parameter freeport.profile.mine.range");
			// what the profile leaves out comes from the built-in defaults
			assertThat(mine.exhaustionTimeout()).isEqualTo(Configuration.DEFAULT_EXHAUSTION_TIMEOUT);
			assertThat(mine.strategy().value()).isEqualTo("random");
		}

		@Test
		void builtInProfileCanBeAdjusted() {
			Configuration ci = config(Map.of("freeport.profile.ci.exhaustion.timeout", "90s"), Map.of("CI", "1"));
			assertThat(ci.exhaustionTimeout()).isEqualTo(Duration.ofSeconds(90));
			assertThat(ci.strategy().value()).isEqualTo("random");
		}

		@Test
		void unknownProfileNamesWhatExists() {
			assertThatThrownBy(() -> config(Map.of("freeport.profile", "fast"), Map.of()).profile())
				.isInstanceOf(FreePortException.class)
				.hasMessage("Invalid value 'fast' for freeport.profile (from configuration parameter freeport.profile):"
						+ " expected a built-in profile (ci, local, shared-host) or one defined with"
						+ " freeport.profile.fast.<key>=... (keys: exhaustion.timeout, probe.address, quarantine, range,"
						+ " registry.required, strategy)");
		}
	}

	@Nested
	class Precedence {

		@Test
		void parameterOverEnvironmentOverProfileOverDefault() {
			Map<String, String> environment = Map.of("FREEPORT_QUARANTINE", "3s", "FREEPORT_EXHAUSTION_TIMEOUT", "4s",
				"CI", "true");
			Map<String, String> parameters = Map.of("freeport.quarantine", "7s", "freeport.profile.ci.range", "40000-40010");
			Configuration configuration = config(parameters, environment);

			assertThat(configuration.quarantine()).isEqualTo(Duration.ofSeconds(7));
			assertThat(configuration.get("freeport.quarantine").orElseThrow().source())
				.isEqualTo("configuration parameter freeport.quarantine");
			assertThat(configuration.exhaustionTimeout()).isEqualTo(Duration.ofSeconds(4));
			assertThat(configuration.get("freeport.exhaustion.timeout").orElseThrow().source())
				.isEqualTo("environment variable FREEPORT_EXHAUSTION_TIMEOUT");
			assertThat(configuration.range()).isEqualTo(new PortRange(40000, 40010));
			assertThat(configuration.strategy().source()).isEqualTo("profile ci");
			assertThat(config(Map.of("freeport.profile", "mine", "freeport.profile.mine.quarantine", "1s"), Map.of())
				.range()).isEqualTo(Configuration.DEFAULT_RANGE);
		}

		@Test
		void effectiveConfigurationSaysWhereEachValueCameFrom() {
			Configuration configuration = config(Map.of("freeport.range", "20000-20999"), Map.of("CI", "true"));
			assertThat(configuration.effective()).extracting(Configuration.Setting::toString).contains(
				"freeport.profile=ci (environment variable CI)",
				"freeport.range=20000-20999 (configuration parameter freeport.range)",
				"freeport.strategy=random (profile ci)",
				"freeport.exhaustion.timeout=30s (profile ci)");
		}
	}

	@Nested
	class InvalidValues {

		@ParameterizedTest
		@CsvSource(delimiter = '|', quoteCharacter = '"', value = {
			"freeport.range|20000-10|'from-to' with 1 <= from <= to <= 65535, e.g. '20000-20999'",
			"freeport.exhaustion.timeout|soon|a duration such as '500ms', '10s' or '2m' (or ISO-8601 'PT10S')",
			"freeport.quarantine|-1s|a duration such as '500ms', '10s' or '2m' (or ISO-8601 'PT10S')",
			"freeport.registry.required|yes|'true' or 'false'",
			"freeport.log.attach|off|'true' or 'false'" })
		void messageNamesKeyValueAndWhatIsAllowed(String key, String value, String allowed) {
			assertThatThrownBy(() -> config(Map.of(key, value), Map.of()).validate())
				.isInstanceOf(FreePortException.class)
				.hasMessage("Invalid value '" + value + "' for " + key + " (from configuration parameter " + key
						+ "): expected " + allowed);
		}

		@Test
		void environmentValueIsNamedWithItsVariable() {
			assertThatThrownBy(() -> config(Map.of(), Map.of("FREEPORT_RANGE", "all")).range())
				.hasMessage("Invalid value 'all' for freeport.range (from environment variable FREEPORT_RANGE): expected"
						+ " 'from-to' with 1 <= from <= to <= 65535, e.g. '20000-20999'");
		}

		@Test
		void unknownKey() {
			assertThatThrownBy(() -> config(Map.of("freeport.rnage", "20000-20999"), Map.of()).validate())
				.isInstanceOf(FreePortException.class)
				.hasMessageStartingWith("Unknown configuration key freeport.rnage (value '20000-20999'): known keys are ")
				.hasMessageContaining("freeport.range");
		}

		@Test
		void theBuildPropertyForFreeportsVersionIsNoSetting() {
			// mvn test -Dfreeport.version=... reaches every Surefire fork as a system property
			assertThatCode(() -> config(Map.of("freeport.version", "1.2.3"), Map.of()).validate()).doesNotThrowAnyException();
		}

		@Test
		void unknownProfileKey() {
			assertThatThrownBy(() -> config(Map.of("freeport.profile.mine.ranges", "1-2"), Map.of()).validate())
				.hasMessageStartingWith("Unknown configuration key freeport.profile.mine.ranges: a profile may set ")
				.hasMessageContaining("freeport.profile.mine.range");
		}

		@Test
		void invalidValueInAProfileNamesTheProfileKey() {
			assertThatThrownBy(() -> config(Map.of("freeport.profile", "mine", "freeport.profile.mine.quarantine", "long"),
				Map.of()).quarantine())
				.hasMessageStartingWith("Invalid value 'long' for freeport.quarantine (from configuration parameter"
						+ " freeport.profile.mine.quarantine)");
		}

		@Test
		void memoizedConfigurationStillRejectsAnInvalidValueEveryTime() {
			Configuration memoized = config(Map.of("freeport.log.attach", "off"), Map.of()).memoized();
			assertThatThrownBy(memoized::logAttach).hasMessageContaining("Invalid value 'off' for freeport.log.attach");
			assertThatThrownBy(memoized::logAttach).hasMessageContaining("Invalid value 'off' for freeport.log.attach");
		}

		@Test
		void validConfigurationPasses() {
			config(Map.of("freeport.range", "20000-20999", "freeport.strategy", "sequential", "freeport.quarantine", "PT1S",
				"freeport.probe.address", "loopback"), Map.of("CI", "true")).validate();
		}
	}

	@Test
	void memoizedConfigurationLooksEachKeyUpOnce() {
		Map<String, String> parameters = new java.util.HashMap<>(Map.of("freeport.range", "20000-20999"));
		Configuration memoized = Configuration.of(parameters, Map.of()).memoized();
		assertThat(memoized.range()).isEqualTo(new PortRange(20000, 20999));
		parameters.put("freeport.range", "30000-30999");
		assertThat(memoized.range()).as("a JUnit run's parameters do not change").isEqualTo(new PortRange(20000, 20999));
		assertThat(memoized.memoized()).isSameAs(memoized);
		assertThat(Configuration.of(parameters, Map.of()).range()).isEqualTo(new PortRange(30000, 30999));
	}
}
