package io.github.freeport.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import io.github.freeport.FreePort;
import io.github.freeport.PortReservation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * The extension's stored reservations are closed by every supported JUnit: 5.12 closes only
 * {@code Store.CloseableResource}; 5.13 and later close {@code AutoCloseable} (and, with
 * {@code junit.jupiter.extensions.store.close.autocloseable.enabled=false}, CloseableResource only). The
 * stored value is both, so exactly one path closes it, and JUnit has nothing to warn about.
 */
class StoreClosingTests {

	static final List<PortReservation> SEEN = new CopyOnWriteArrayList<>();

	@ParameterizedTest(name = "junit.jupiter.extensions.store.close.autocloseable.enabled={0}")
	@ValueSource(strings = { "true", "false" })
	void closesEveryReservationWithoutAWarning(String closeAutoCloseables) {
		List<LogRecord> warnings = new CopyOnWriteArrayList<>();
		Handler handler = new Handler() {

			@Override
			public void publish(LogRecord record) {
				if (String.valueOf(record.getMessage()).contains("CloseableResource")) {
					warnings.add(record);
				}
			}

			@Override
			public void flush() {
			}

			@Override
			public void close() {
			}
		};
		Logger junit = Logger.getLogger("org.junit");
		junit.addHandler(handler);
		SEEN.clear();
		try {
			EngineTestKit.engine("junit-jupiter").selectors(selectClass(ScopesTestCase.class))
				.configurationParameter("junit.jupiter.extensions.store.close.autocloseable.enabled", closeAutoCloseables)
				.execute().testEvents().assertStatistics(stats -> stats.started(2).succeeded(2));
		}
		finally {
			junit.removeHandler(handler);
		}
		assertThat(SEEN).hasSize(6).allMatch(PortReservation::isReleased);
		assertThat(warnings).isEmpty();
	}

	static class ScopesTestCase {

		@FreePort
		static PortReservation perClass;

		@FreePort
		PortReservation perInstance;

		@Test
		void first(@FreePort PortReservation parameter) {
			SEEN.addAll(List.of(perClass, perInstance, parameter));
		}

		@Test
		void second(@FreePort(name = "shared") PortReservation parameter) {
			SEEN.addAll(List.of(perClass, perInstance, parameter));
		}
	}
}
