package io.github.freeport.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import io.github.freeport.FreePort;
import io.github.freeport.FreePortException;
import io.github.freeport.registry.FileLockRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KeyTableTests {

	@Test
	void everyKeyNameHasARowAndEveryRowANameInKeys() throws Exception {
		Set<String> names = new TreeSet<>();
		for (Field field : Keys.class.getFields()) {
			if (Modifier.isStatic(field.getModifiers()) && !field.getName().equals("PREFIX")) {
				names.add((String) field.get(null));
			}
		}
		assertThat(KeyTable.ALL).extracting(Key::name).containsExactlyInAnyOrderElementsOf(names);
		assertThat(names).allMatch(name -> name.startsWith(Keys.PREFIX));
	}

	@Test
	void theAnnotationsConstantsAreTheTablesNames() {
		assertThat(FreePort.RANGE_PROPERTY_NAME).isSameAs(KeyTable.RANGE.name());
		assertThat(FreePort.RUN_ID_PROPERTY_NAME).isSameAs(KeyTable.RUN_ID.name());
	}

	@Test
	void theBuiltInProfilesAreTheTablesColumns() {
		assertThat(Profile.LOCAL.values()).containsExactlyInAnyOrderEntriesOf(Map.of("strategy", "scan",
			"exhaustion.timeout", "5s", "quarantine", "1s", "probe.address", "wildcard", "registry.required", "false"));
		assertThat(Profile.KEYS).containsExactlyInAnyOrder("range", "strategy", "exhaustion.timeout", "quarantine",
			"probe.address", "registry.required");
	}

	@Test
	void effectiveListsEveryKeyInTheTablesOrderWithWhereItCameFrom() {
		Configuration configuration = Configuration.of(Map.of("freeport.range", "20000-20999", "freeport.profile", "mine",
			"freeport.profile.mine.quarantine", "250ms", "freeport.profile.mine.strategy", "sequential"),
			Map.of("FREEPORT_LOG_ATTACH", "false", "CI", "true"));

		assertThat(configuration.effective()).extracting(Configuration.Setting::key)
			.containsExactlyElementsOf(KeyTable.ALL.stream().map(Key::name).collect(Collectors.toList()));
		assertThat(configuration.effective()).extracting(s -> s.key(), s -> s.value(), s -> s.origin(), s -> s.source())
			.contains(
				tuple("freeport.profile", "mine", Origin.CONFIGURATION_PARAMETER, "configuration parameter freeport.profile"),
				tuple("freeport.range", "20000-20999", Origin.CONFIGURATION_PARAMETER, "configuration parameter freeport.range"),
				tuple("freeport.strategy", "sequential", Origin.PROFILE, "configuration parameter freeport.profile.mine.strategy"),
				tuple("freeport.quarantine", "250ms", Origin.PROFILE, "configuration parameter freeport.profile.mine.quarantine"),
				tuple("freeport.exhaustion.timeout", "10s", Origin.DEFAULT, "built-in default"),
				tuple("freeport.log.attach", "false", Origin.ENVIRONMENT_VARIABLE, "environment variable FREEPORT_LOG_ATTACH"),
				tuple("freeport.chaos.probability", "0", Origin.DEFAULT, "built-in default"),
				tuple("freeport.run.id", "", Origin.DEFAULT,
					"not set: derived from the mvn JVM that forked this one, else from this JVM"));
		assertThat(configuration.setting(KeyTable.FORK)).as("the fork id the registry records")
			.extracting(Configuration.Setting::value, Configuration.Setting::origin)
			.containsExactly(FileLockRegistry.fork(), Origin.DEFAULT);
	}

	@Test
	void theProfileComesFromCiOrItsDefault() {
		assertThat(Configuration.of(Map.of(), Map.of("CI", "true")).setting(KeyTable.PROFILE))
			.extracting(Configuration.Setting::value, Configuration.Setting::origin)
			.containsExactly("ci", Origin.ENVIRONMENT_VARIABLE);
		assertThat(Configuration.of(Map.of(), Map.of()).setting(KeyTable.PROFILE))
			.extracting(Configuration.Setting::value, Configuration.Setting::origin)
			.containsExactly("local", Origin.DEFAULT);
	}

	@Test
	void defaultsAreTheTablesParsed() {
		Configuration nothingSet = Configuration.of(Map.of(), Map.of());
		assertThat(nothingSet.logAttach()).as("unset: the JUnit glue decides, by Open Test Reporting").isEmpty();
		assertThat(nothingSet.value(KeyTable.CHAOS_PROBABILITY)).isZero();
		assertThat(nothingSet.logDir()).isAbsolute().endsWith(Path.of("target", "freeport"));
		assertThat(nothingSet.configured(KeyTable.RUN_ID)).isEmpty();
		assertThatThrownBy(() -> nothingSet.value(KeyTable.RUN_ID)).isInstanceOf(IllegalStateException.class)
			.hasMessageStartingWith("freeport.run.id has no built-in default");
	}

	/** Values that were checked only where they were used are checked with all the others. */
	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '"', value = {
		"freeport.run.id|build 42|1 to 100 letters, digits, '.', '_' or '-', starting with a letter or digit",
		"freeport.chaos.probability|1.5|a probability from 0 to 1, such as 0.1",
		"freeport.chaos.seed|x42|a whole number (a long), such as 42",
		"freeport.probe.address|localhost|'wildcard', 'loopback' or an IP address literal such as '127.0.0.1' or '::1'",
		"freeport.strategy|fastest|'random', 'scan', 'sequential' or the name of a class implementing"
				+ " io.github.freeport.allocation.PortStrategy with a public no-argument constructor"
				+ " (no strategy or class named 'fastest')" })
	void validateChecksEveryKeysValue(String key, String value, String allowed) {
		assertThatThrownBy(() -> Configuration.of(Map.of(key, value), Map.of()).validate())
			.isInstanceOf(FreePortException.class)
			.hasMessage("Invalid value '" + value + "' for " + key + " (from configuration parameter " + key + "): expected "
					+ allowed);
	}

	@Test
	void theForkIsReadFromSystemPropertiesOnly() {
		assertThat(KeyTable.FORK.environmentVariable()).isEmpty();
		assertThat(Configuration.of(Map.of(), Map.of("FREEPORT_FORK", "7")).get(Keys.FORK)).isEmpty();
		assertThat(KeyTable.RANGE.environmentVariable()).contains("FREEPORT_RANGE");
	}
}
