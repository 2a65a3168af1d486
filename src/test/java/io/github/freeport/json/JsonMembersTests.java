package io.github.freeport.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import io.github.freeport.testsupport.IndependentJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link JsonMembers} against {@link JsonReader} (itself checked against Jackson): the same values, the same refusals. */
class JsonMembersTests {

	private final JsonMembers members = new JsonMembers();

	@Test
	void findsEveryMemberWithTheValueJsonReaderReads() throws JsonProcessingException {
		Map<String, Object> value = new LinkedHashMap<>();
		value.put("text", "quote \" backslash \\ slash / \n\r\t\b\f \u0000\u001f\u007f é 漢字 \uD83D\uDE80 \u2028\u2029\u0085");
		value.put("", "empty name");
		value.put("é name", "beyond ASCII");
		value.put("integers", List.of(0L, -1L, Long.MIN_VALUE, Long.MAX_VALUE));
		value.put("min", Long.MIN_VALUE);
		value.put("max", Long.MAX_VALUE);
		value.put("decimal", -2500.5);
		value.put("decimals", List.of(0.5, -2500.0, 1.0E300, 4.9E-324, -0.0));
		value.put("others", Arrays.asList(true, false, null, Map.of(), List.of(), Map.of("nested", List.of(List.of(1L)))));
		value.put("true", true);
		value.put("null", null);
		value.put("empty", List.of());
		value.put("object", Map.of("a", 1L));

		String compact = IndependentJson.MAPPER.writeValueAsString(value);
		String pretty = IndependentJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
		String escaped = IndependentJson.MAPPER.writer().with(JsonWriteFeature.ESCAPE_NON_ASCII).writeValueAsString(value);
		for (String json : List.of(compact, pretty, escaped)) {
			assertThat(read(json)).as(json).isTrue();
			Map<?, ?> expected = (Map<?, ?>) JsonReader.read(json);
			assertThat(members.count()).isEqualTo(expected.size());
			for (Map.Entry<?, ?> entry : expected.entrySet()) {
				int member = members.find((String) entry.getKey());
				assertThat(member).as("%s in %s", entry.getKey(), json).isNotNegative();
				assertThat(members.value(member)).as("%s in %s", entry.getKey(), json).isEqualTo(entry.getValue());
				if (entry.getValue() instanceof String text) {
					assertThat(members.kind(member)).isEqualTo('"');
					assertThat(members.string(member)).isEqualTo(text);
				}
				assertThat(members.isInteger(member)).as(entry.getKey() + " is an integer")
					.isEqualTo(entry.getValue() instanceof Long);
				if (entry.getValue() instanceof Long number) {
					assertThat(members.integer(member)).isEqualTo(number);
				}
			}
			assertThat(members.find("absent")).isNegative();
			assertThat(members.text()).isEqualTo(json);
		}
	}

	@Test
	void keepsTheLastOfTwoMembersOfOneNameAsJsonReaderDoes() {
		assertThat(read("{\"a\":1,\"b\":2,\"a\":3,\"\\u0062\":4}")).isTrue();
		assertThat(members.count()).isEqualTo(4);
		assertThat(members.value(members.find("a"))).isEqualTo(3L).isEqualTo(((Map<?, ?>) JsonReader.read(
			"{\"a\":1,\"b\":2,\"a\":3,\"\\u0062\":4}")).get("a"));
		assertThat(members.value(members.find("b"))).as("an escaped name is the same name").isEqualTo(4L);
	}

	@Test
	void readsTextAfterTextWithOneInstance() {
		assertThat(read("{\"first\":\"one\",\"shared\":1}")).isTrue();
		assertThat(read("{\"shared\":2,\"second\":\"two\"}")).isTrue();
		assertThat(members.find("first")).isNegative();
		assertThat(members.string(members.find("second"))).isEqualTo("two");
		assertThat(members.integer(members.find("shared"))).isEqualTo(2);
		StringBuilder many = new StringBuilder("{");
		for (int i = 0; i < 100; i++) {
			many.append(i == 0 ? "" : ",").append("\"m").append(i).append("\":").append(i);
		}
		assertThat(read(many.append('}').toString())).isTrue();
		assertThat(members.count()).isEqualTo(100);
		for (int i = 0; i < 100; i++) {
			assertThat(members.integer(members.find("m" + i))).isEqualTo(i);
		}
	}

	@ParameterizedTest
	@MethodSource("io.github.freeport.json.JsonReaderTests#invalidJson")
	void refusesWhatJsonReaderRefusesWithItsMessage(String json) {
		for (String text : List.of(json, "{\"a\":" + json + "}", "{\"a\":[" + json + "]}", "{\"a\":{\"b\":" + json + "}}")) {
			String message = refusalOfJsonReader(text);
			if (message != null) {
				assertThat(read(text)).as(text).isFalse();
				assertThat(members.refusal()).as(text).isEqualTo(message);
			}
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "[1]", "1", "\"a\"", "null", " true " })
	void refusesValidJsonThatIsNoObjectWithoutAMessage(String json) {
		assertThat(read(json)).isFalse();
		assertThat(members.refusal()).as("the caller says it expected an object").isNull();
	}

	@Test
	void refusesWhatTheJdksDecoderRefusesAsUtf8() {
		List<byte[]> sequences = new ArrayList<>();
		for (int lead = 0x80; lead <= 0xFF; lead++) {
			for (int second = 0; second <= 0xFF; second++) {
				sequences.add(new byte[] { (byte) lead, (byte) second });
				for (int third : new int[] { 0x41, 0x80, 0xBF, 0xC0 }) {
					if (lead >= 0xE0) {
						sequences.add(new byte[] { (byte) lead, (byte) second, (byte) third });
					}
					if (lead >= 0xF0) {
						sequences.add(new byte[] { (byte) lead, (byte) second, (byte) third, (byte) 0x80 });
					}
				}
			}
		}
		for (byte[] sequence : sequences) {
			byte[] text = new byte[sequence.length + 8];
			byte[] before = "{\"a\":\"".getBytes(StandardCharsets.US_ASCII);
			System.arraycopy(before, 0, text, 0, before.length);
			System.arraycopy(sequence, 0, text, before.length, sequence.length);
			text[text.length - 2] = '"';
			text[text.length - 1] = '}';
			String decoded = strictlyDecoded(sequence);
			boolean valid = decoded != null && decoded.chars().allMatch(c -> c >= 0x20 && c != '"' && c != '\\');
			assertThat(members.read(text, 0, text.length)).as(Arrays.toString(sequence)).isEqualTo(valid);
			if (valid) {
				assertThat(members.string(members.find("a"))).isEqualTo(decoded);
			}
			else if (decoded == null) {
				assertThat(members.refusal()).startsWith("Invalid UTF-8 at byte 6 of the line");
			}
		}
	}

	@Test
	void refusesNestingDeeperThanItsLimit() {
		int depth = JsonMembers.MAX_DEPTH - 1;
		String deepest = "{\"a\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
		assertThat(read(deepest)).isTrue();
		assertThat(members.value(members.find("a"))).isEqualTo(JsonReader.read("{\"a\":" + "[".repeat(depth) + "]".repeat(depth)
				+ "}") instanceof Map<?, ?> map ? map.get("a") : null);
		String deeper = "{\"a\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
		assertThat(read(deeper)).isFalse();
		assertThat(members.refusal()).isEqualTo("Invalid JSON at byte " + (5 + JsonMembers.MAX_DEPTH - 1)
				+ ": nested deeper than " + JsonMembers.MAX_DEPTH + " levels");
	}

	@Test
	void readsOnlyTheRangeItIsGiven() {
		byte[] bytes = "garbage{\"a\":\"b\"}garbage".getBytes(StandardCharsets.UTF_8);
		assertThat(members.read(bytes, 7, 16)).isTrue();
		assertThat(members.string(members.find("a"))).isEqualTo("b");
		assertThat(members.text()).isEqualTo("{\"a\":\"b\"}");
	}

	private boolean read(String json) {
		byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
		return members.read(bytes, 0, bytes.length);
	}

	private static String refusalOfJsonReader(String text) {
		try {
			JsonReader.read(text);
			return null;
		}
		catch (IllegalArgumentException e) {
			return e.getMessage();
		}
	}

	private static String strictlyDecoded(byte[] bytes) {
		try {
			return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
		}
		catch (CharacterCodingException e) {
			return null;
		}
	}
}
