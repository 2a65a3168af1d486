package io.github.freeport.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.github.freeport.AllocationTrace;
import io.github.freeport.AllocationTrace.Attempt;
import io.github.freeport.AllocationTrace.Refusal;
import io.github.freeport.Protocol;
import io.github.freeport.testsupport.IndependentJson;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class AllocationEventTests {

	static AllocationEvent event(String displayName, int port, Instant startedAt, Duration duration, Instant releasedAt,
			long pid, List<Attempt> attempts, Duration waited) {
		AllocationTrace trace = new AllocationTrace("[engine:junit-jupiter]/[class:x.Y]/[method:" + displayName + "()]",
			Protocol.TCP, port, "random in 10000-32767", attempts, startedAt, duration, pid, String.valueOf(pid % 10), waited);
		AllocationEvent event = AllocationEvent.of("run-1", displayName, "parameter", "parameter [int port] in method [void x.Y.t(int)]", trace);
		return new AllocationEvent(event.id(), event.run(), event.test(), event.displayName(), event.scope(), event.element(),
			event.port(), event.protocol(), event.strategy(), event.attempts(), event.startedAt(), event.duration(),
			event.waited(), releasedAt, event.pid(), event.fork(), event.uses());
	}

	@ParameterizedTest
	@ValueSource(strings = { "plain", "quote \" and backslash \\ and slash /", "line\nbreak\r\tand tab",
		"control \u0001\u001f\u007f", "emoji \uD83D\uDE80 and é ü 漢字", "lone surrogate \uD800 here", "separators \u2028\u2029\u0085",
		"</script><b>html</b>&amp;", "{\"json\": [1, 2]}", "" })
	void roundTripsOddDisplayNames(String displayName) {
		AllocationEvent event = event(displayName, 41234, Instant.parse("2025-03-04T05:06:07.123456789Z"),
			Duration.ofNanos(123_456_000), Instant.parse("2025-03-04T05:06:09Z"), 4242,
			List.of(new Attempt(40000, Refusal.LEASED_BY_OTHER_PROCESS, "pid 7 fork 1 (" + displayName + ")"),
				new Attempt(40001, Refusal.BIND_FAILED, "")),
			Duration.ofMillis(100));
		String json = event.toJson();
		assertThat(json).doesNotContain("\n", "\r", "\u2028", "\u2029", "\u0085");
		assertThat(AllocationEvent.fromJson(json)).isEqualTo(event);
		Map<String, Object> asAnotherParserReadsIt = IndependentJson.object(json);
		assertThat(asAnotherParserReadsIt).containsEntry("displayName", displayName).containsEntry("port", 41234L)
			.containsEntry("releasedAt", "2025-03-04T05:06:09Z");
		assertThat(asAnotherParserReadsIt.get("attempts")).asInstanceOf(InstanceOfAssertFactories.LIST).first()
			.isEqualTo(Map.of("port", 40000L, "refusal", "LEASED_BY_OTHER_PROCESS", "detail", "pid 7 fork 1 (" + displayName + ")"));
	}

	@Test
	void roundTripsAnUnreleasedEventWithoutAttempts() {
		AllocationEvent event = event("t", 1, Instant.EPOCH, Duration.ZERO, null, 1, List.of(), Duration.ZERO);
		assertThat(AllocationEvent.fromJson(event.toJson())).isEqualTo(event);
		assertThat(event.toJson()).contains("\"releasedAt\":null", "\"attempts\":[]", "\"v\":1");
	}

	@Test
	void idsAreUniqueWithinTheJvm() {
		AllocationEvent a = event("a", 1, Instant.EPOCH, Duration.ZERO, null, 1, List.of(), Duration.ZERO);
		AllocationEvent b = event("a", 1, Instant.EPOCH, Duration.ZERO, null, 1, List.of(), Duration.ZERO);
		assertThat(a.id()).isNotEqualTo(b.id()).startsWith("1-");
	}

	@Test
	void namesWhatIsWrongWithALine() {
		String json = event("t", 1, Instant.EPOCH, Duration.ZERO, null, 1, List.of(), Duration.ZERO).toJson();
		assertThatIllegalArgumentException().isThrownBy(() -> AllocationEvent.fromJson(json.replace("\"port\":1,", "")))
			.withMessageStartingWith("Invalid allocation event: \"port\" is missing: {\"v\":1");
		assertThatIllegalArgumentException().isThrownBy(() -> AllocationEvent.fromJson(json.replace("\"TCP\"", "\"SCTP\"")))
			.withMessageStartingWith("Invalid allocation event: \"protocol\" must be one of [TCP, UDP, BOTH] but was 'SCTP'");
		assertThatIllegalArgumentException().isThrownBy(() -> AllocationEvent.fromJson(json.replace("\"v\":1", "\"v\":2")))
			.withMessageStartingWith("Unsupported allocation event version 2 (this reader knows 1)");
	}

	@Test
	void textAndReportEntryNameTheRefusedCandidates() {
		AllocationEvent event = event("starts()", 41234, Instant.EPOCH, Duration.ofMillis(3), Instant.EPOCH.plusSeconds(1), 9,
			List.of(new Attempt(40000, Refusal.BIND_FAILED, "held outside the registry")), Duration.ofMillis(2));
		assertThat(event.toText()).contains("port:      TCP 41234", "test:      starts()",
			"scope:     parameter: parameter [int port] in method [void x.Y.t(int)]", "2 ms waiting for releases",
			"refused:   1", "  40000 bind failed (held outside the registry)", "process:   pid 9, fork 9");
		assertThat(event.toReportEntry()).containsEntry("freeport.port", "TCP 41234")
			.containsEntry("freeport.refused", "1: 40000 bind failed (held outside the registry)")
			.containsEntry("freeport.event", event.toJson());
	}
}
