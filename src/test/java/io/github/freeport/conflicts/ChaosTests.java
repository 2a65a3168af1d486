package io.github.freeport.conflicts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import io.github.freeport.FreePortException;
import io.github.freeport.Occupation;
import io.github.freeport.PortReservation;
import io.github.freeport.Ports;
import io.github.freeport.Protocol;
import io.github.freeport.config.Configuration;
import io.github.freeport.config.Keys;
import io.github.freeport.conflicts.Chaos.ChaosOccupation;
import io.github.freeport.junit.ChaosFailureNote;
import io.github.freeport.junit.ScopedChaos;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;

class ChaosTests {

	@Test
	void aFixedSeedMakesTheSameChoicesInAnyOrder() {
		List<String[]> declarations = new ArrayList<>();
		for (int test = 0; test < 100; test++) {
			for (int field = 0; field < 3; field++) {
				declarations.add(new String[] { "[engine:junit-jupiter]/[class:Some" + test + "]/[method:test()]",
					"field [int Some" + test + ".port" + field + "]" });
			}
		}
		Map<String, String> first = choices(chaos("0.3", "42"), declarations);
		List<String[]> shuffled = new ArrayList<>(declarations);
		Collections.shuffle(shuffled, new Random(1));
		Map<String, String> second = choices(chaos("0.3", "42"), shuffled);

		assertThat(new java.util.TreeMap<>(second)).isEqualTo(new java.util.TreeMap<>(first));
		long chosen = first.values().stream().filter(v -> !v.equals("-")).count();
		assertThat(chosen).as("declarations chosen at probability 0.3 of 300").isBetween(50L, 130L);
		assertThat(first.values()).contains("LISTENING", "BOUND_NOT_LISTENING", "LEASED_ONLY");
		assertThat(choices(chaos("0.3", "43"), declarations)).isNotEqualTo(first);
	}

	@Test
	void probabilityZeroIsOffAndOneChoosesAll() {
		assertThat(chaos("0", "1").isEnabled()).isFalse();
		assertThat(Chaos.from(Configuration.from(key -> Optional.empty(), key -> null)).isEnabled()).isFalse();
		Chaos always = chaos("1", "1");
		assertThat(always.chooses("a", "b")).isTrue();
		assertThat(always.chooses("c", "d")).isTrue();
		assertThat(always.occupationFor("a", "b", Protocol.UDP)).isEqualTo(Occupation.UDP_BOUND);
	}

	@Test
	void aDrawnSeedIsUsedWhenNoneIsConfigured() {
		Chaos drawn = Chaos.from(configuration(Map.of(Keys.CHAOS_PROBABILITY, "0.5")));
		assertThat(drawn.isEnabled()).isTrue();
		assertThat(drawn.rerunHint()).contains("-Dfreeport.chaos.seed=" + drawn.seed());
	}

	@Test
	void invalidValuesAreNamed() {
		assertThatThrownBy(() -> chaos("1.5", "1")).isInstanceOf(FreePortException.class)
			.hasMessageContaining("'1.5'").hasMessageContaining(Keys.CHAOS_PROBABILITY)
			.hasMessageContaining("from 0 to 1");
		assertThatThrownBy(() -> chaos("0.5", "x42")).isInstanceOf(FreePortException.class)
			.hasMessageContaining("'x42'").hasMessageContaining(Keys.CHAOS_SEED);
	}

	@Test
	void aChosenDeclarationsFirstPreferredPortIsOccupiedSoTheFallbackRuns() {
		Configuration configuration = configuration(Map.of(Keys.CHAOS_PROBABILITY, "1", Keys.CHAOS_SEED,
			"7", "freeport.registry.dir", System.getProperty("freeport.registry.dir")));
		int first;
		int second;
		try (PortReservation a = Ports.reserve(); PortReservation b = Ports.reserve()) {
			first = a.port();
			second = b.port();
		}
		Chaos chaos = Chaos.from(configuration);
		Optional<ChaosOccupation> occupied = chaos.maybeOccupy(configuration, "test", "field", Protocol.TCP,
			new int[] { first, second });
		assertThat(occupied).isPresent();
		try (ChaosOccupation chaosOccupation = occupied.get();
				PortReservation reservation = Ports.request().preferred(first, second).reserve()) {
			assertThat(chaosOccupation.occupation().port()).isEqualTo(first);
			assertThat(reservation.port()).isEqualTo(second);
			assertThat(chaosOccupation.note()).contains("port " + first).contains("-Dfreeport.chaos.seed=7");
		}
		assertThat(chaos.maybeOccupy(configuration, "test", "field", Protocol.TCP, new int[0])).isEmpty();
	}

	@Test
	void aFailingTestThatMetChaosSaysHowToRerun() {
		try (PortReservation free = Ports.reserve()) {
			ChaosFailureTestCase.preferred = free.port();
		}
		var results = EngineTestKit.engine("junit-jupiter").selectors(selectClass(ChaosFailureTestCase.class))
			.configurationParameter("freeport.registry.dir", System.getProperty("freeport.registry.dir"))
			.configurationParameter(Keys.CHAOS_PROBABILITY, "1")
			.configurationParameter(Keys.CHAOS_SEED, "99")
			.execute();
		Throwable failure = results.testEvents().failed().list().get(0).getRequiredPayload(TestExecutionResult.class)
			.getThrowable().orElseThrow();
		assertThat(failure).hasMessage("failing on purpose");
		assertThat(failure.getSuppressed()).singleElement().satisfies(note -> assertThat(note.getMessage())
			.contains("port " + ChaosFailureTestCase.preferred).contains("-Dfreeport.chaos.seed=99"));
		try (PortReservation again = Ports.request().preferred(ChaosFailureTestCase.preferred).reserve()) {
			assertThat(again.port()).as("the chaos occupation ended with its scope").isEqualTo(ChaosFailureTestCase.preferred);
		}
	}

	private static Map<String, String> choices(Chaos chaos, List<String[]> declarations) {
		Map<String, String> choices = new LinkedHashMap<>();
		for (String[] d : declarations) {
			choices.put(d[0] + " " + d[1],
				chaos.chooses(d[0], d[1]) ? chaos.occupationFor(d[0], d[1], Protocol.TCP).name() : "-");
		}
		return choices;
	}

	private static Chaos chaos(String probability, String seed) {
		return Chaos.from(configuration(Map.of(Keys.CHAOS_PROBABILITY, probability, Keys.CHAOS_SEED, seed)));
	}

	private static Configuration configuration(Map<String, String> parameters) {
		return Configuration.from(key -> Optional.ofNullable(parameters.get(key)), key -> null);
	}

	/** Stands in for the FreePortExtension wiring: chaos before the declaration's port is reserved. */
	static class ChaosBeforeEach implements BeforeEachCallback {

		@Override
		public void beforeEach(ExtensionContext context) {
			ScopedChaos.occupyFirstPreferred(context, Configuration.from(context::getConfigurationParameter), "fixture declaration",
				Protocol.TCP, new int[] { ChaosFailureTestCase.preferred });
		}
	}

	@ExtendWith({ ChaosBeforeEach.class, ChaosFailureNote.class })
	static class ChaosFailureTestCase {

		static int preferred;

		@BeforeEach
		void nothing() {
		}

		@Test
		void fails() {
			throw new AssertionError("failing on purpose");
		}
	}
}
