package io.github.freeport.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.freeport.testsupport.IndependentJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What {@link JsonWriter} writes, as an independent parser (Jackson) reads it. */
class JsonWriterTests {

	@ParameterizedTest
	@ValueSource(strings = { "plain", "", "quote \" and backslash \\ and slash /", "line\nbreak\r\tand tab \b \f",
		"control \u0000 \u0001\u001f\u007f", "emoji \uD83D\uDE80 and é ü 漢字", "separators \u2028\u2029\u0085",
		"lone high \uD800 here", "lone low \uDC00 here", "reversed pair \uDC00\uD800", "high at the end \uDBFF",
		"</script><b>html</b>&amp;", "{\"json\": [1, 2]}" })
	void stringsReadBackTheSameAsNamesAndValuesOnOneUtf8Line(String text) {
		String json = new JsonWriter().beginObject().name(text).value(text).endObject().toString();

		assertThat(IndependentJson.object(json)).isEqualTo(Map.of(text, text));
		assertThat(json).as("one JSON Lines record").doesNotContain("\n", "\r", "\u2028", "\u2029", "\u0085");
		assertThat(new String(json.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).as("UTF-8 carries all of it")
			.isEqualTo(json);
	}

	@Test
	void everyCharacterReadsBackTheSame() {
		StringBuilder all = new StringBuilder(65536);
		for (int c = 0; c <= 0xFFFF; c++) {
			all.append((char) c);
		}
		String json = new JsonWriter().beginArray().value(all.toString()).endArray().toString();

		assertThat(IndependentJson.read(json)).isEqualTo(List.of(all.toString()));
	}

	@Test
	void nestsObjectsAndArraysCompactlyInTheOrderWritten() {
		String json = new JsonWriter().beginObject().name("v").value(1).name("empty object").beginObject().endObject()
			.name("empty array").beginArray().endArray().name("values").beginArray().value(Long.MIN_VALUE)
			.value(Long.MAX_VALUE).value(true).value(false).value((String) null).value("x").beginObject().name("in")
			.beginArray().beginArray().endArray().endArray().endObject().endArray().name("last").value((String) null)
			.endObject().toString();

		assertThat(json).isEqualTo("{\"v\":1,\"empty object\":{},\"empty array\":[],\"values\":[" + Long.MIN_VALUE + ","
				+ Long.MAX_VALUE + ",true,false,null,\"x\",{\"in\":[[]]}],\"last\":null}");
		Map<String, Object> expected = new LinkedHashMap<>();
		expected.put("v", 1L);
		expected.put("empty object", Map.of());
		expected.put("empty array", List.of());
		expected.put("values", Arrays.asList(Long.MIN_VALUE, Long.MAX_VALUE, true, false, null, "x",
			Map.of("in", List.of(List.of()))));
		expected.put("last", null);
		assertThat(IndependentJson.object(json)).containsExactlyEntriesOf(expected);
	}

	@Test
	void topLevelValuesOfEveryKind() {
		assertThat(new JsonWriter().value("a").toString()).isEqualTo("\"a\"");
		assertThat(new JsonWriter().value(-7).toString()).isEqualTo("-7");
		assertThat(new JsonWriter().value(true).toString()).isEqualTo("true");
		assertThat(new JsonWriter().value((String) null).toString()).isEqualTo("null");
		assertThat(new JsonWriter().beginArray().endArray().toString()).isEqualTo("[]");
	}

	@Test
	void writingOutOfOrderIsRefusedNamingWhatWasWritten() {
		assertThatIllegalStateException().isThrownBy(() -> new JsonWriter().beginObject().value("x"))
			.withMessage("A value in an object needs a name first: {");
		assertThatIllegalStateException().isThrownBy(() -> new JsonWriter().beginObject().name("a").value(1).value(2))
			.withMessage("A value in an object needs a name first: {\"a\":1");
		assertThatIllegalStateException().isThrownBy(() -> new JsonWriter().beginArray().name("a"))
			.withMessage("A name (a) belongs only in an object, before its value: [");
		assertThatIllegalStateException().isThrownBy(() -> new JsonWriter().beginObject().name("a").name("b"))
			.withMessage("A name (b) belongs only in an object, before its value: {\"a\":");
		assertThatIllegalStateException().isThrownBy(() -> new JsonWriter().beginObject().name("a").endObject())
			.withMessage("'}' ends nothing begun here: {\"a\":");
		assertThatIllegalStateException().isThrownBy(() -> new JsonWriter().beginObject().endArray())
			.withMessage("']' ends nothing begun here: {");
		assertThatIllegalStateException().isThrownBy(() -> new JsonWriter().endObject())
			.withMessage("'}' ends nothing begun here: ");
		assertThatIllegalStateException().isThrownBy(() -> new JsonWriter().value(1).value(2))
			.withMessage("One JSON value is written already: 1");
	}

	@Test
	void deepNestingGrowsTheWriter() {
		JsonWriter json = new JsonWriter();
		for (int i = 0; i < 100; i++) {
			json.beginArray();
		}
		for (int i = 0; i < 100; i++) {
			json.endArray();
		}
		assertThat(json.toString()).isEqualTo("[".repeat(100) + "]".repeat(100));
		assertThat(IndependentJson.read(json.toString())).isInstanceOf(List.class);
	}
}
