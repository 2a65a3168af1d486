package io.github.freeport.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import io.github.freeport.testsupport.IndependentJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link JsonReader} against an independent parser (Jackson): the same values, the same refusals. */
class JsonReaderTests {

	@Test
	void readsWhatAnotherWriterWrites() throws JsonProcessingException {
		Map<String, Object> value = new LinkedHashMap<>();
		value.put("text", "quote \" backslash \\ slash / \n\r\t\b\f \u0000\u001f\u007f é 漢字 \uD83D\uDE80 \u2028\u2029\u0085");
		value.put("", "empty name");
		value.put("integers", List.of(0L, -1L, Long.MIN_VALUE, Long.MAX_VALUE));
		value.put("decimals", List.of(0.5, -2500.0, 1.0E300, 4.9E-324, -0.0));
		value.put("others", Arrays.asList(true, false, null, Map.of(), List.of(), Map.of("nested", List.of(List.of(1L)))));

		String compact = IndependentJson.MAPPER.writeValueAsString(value);
		String pretty = IndependentJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
		String escaped = IndependentJson.MAPPER.writer().with(JsonWriteFeature.ESCAPE_NON_ASCII).writeValueAsString(value);

		assertThat(escaped).as("every non-ASCII character as \\u escapes, surrogate pairs as two").contains("\\uD83D\\uDE80");
		for (String json : List.of(compact, pretty, escaped)) {
			assertThat(JsonReader.read(json)).as(json).isEqualTo(value).isEqualTo(IndependentJson.read(json));
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { " { \"a\" : [ 1 , -2.5e3 , true , false , null , \"\\u00e9\\/\" ] } ", "\t\r\n0\n", "-0", "1E2",
		"1e+2", "1.5E-2", "\"\\u00E9\\u00e9\\uD83D\\uDE80\"", "\"\\ud800 lone\"", "{\"a\":1,\"a\":2}", "[[[]],{}]" })
	void readsWhatAnotherParserReadsTheSame(String json) {
		assertThat(JsonReader.read(json)).isEqualTo(IndependentJson.read(json));
	}

	@Test
	void readsSpacesAndEscapesThatFreeportDoesNotWrite() {
		assertThat(JsonReader.read(" { \"a\" : [ 1 , -2.5e3 , true , false , null , \"\\u00e9\\/\" ] } "))
			.isEqualTo(Map.of("a", Arrays.asList(1L, -2500.0, true, false, null, "é/")));
	}

	/** Texts that are no JSON, each refused by Jackson too. */
	static Stream<String> invalidJson() {
		return Stream.of("", "  ", "{\"a\":1,}", "[1,]", "[,1]", "{,}", "{\"a\" 1}", "{\"a\":}", "{a:1}", "{'a':1}",
		"['a']", "[1 2]", "1 2", "{} {}", "[", "]", "{", "}", "\"abc", "\"a\\\"", "tru", "nul", "True", "NaN", "Infinity",
		"-Infinity", "01", "-01", "00", "1.", ".5", "+1", "-", "1e", "1e+", "1.e5", "0x10", "1_000", "\"\\x\"", "\"\\u12\"",
		"\"\\u12G4\"", "\"\\u+123\"", "\"\\u-123\"", "\"raw \u0001 control\"", "\"raw \n line\"", "// comment\n1", "/* c */1",
		"[1]x", "\u00a01", "12345678901234567890", "-9223372036854775809");
	}

	@ParameterizedTest
	@MethodSource("invalidJson")
	void refusesWhatAnotherParserRefuses(String json) {
		assertThatIllegalArgumentException().as("Jackson").isThrownBy(() -> IndependentJson.read(json));
		assertThatIllegalArgumentException().isThrownBy(() -> JsonReader.read(json))
			.withMessageStartingWith("Invalid JSON at character ");
	}

	@Test
	void namesWhereAndWhatWasExpected() {
		assertThatIllegalArgumentException().isThrownBy(() -> JsonReader.read("{\"a\":1,}"))
			.withMessage("Invalid JSON at character 7: expected a member name in quotes but found '}'");
		assertThatIllegalArgumentException().isThrownBy(() -> JsonReader.read("{\"a\":\"x"))
			.withMessage("Invalid JSON at character 7: expected a closing quote but found the end");
		assertThatIllegalArgumentException().isThrownBy(() -> JsonReader.read("[01]"))
			.withMessage("Invalid JSON at character 2: expected ']' but found '1'");
		assertThatIllegalArgumentException().isThrownBy(() -> JsonReader.read("1.e5"))
			.withMessage("Invalid JSON at character 2: expected a digit after the decimal point but found 'e'");
		assertThatIllegalArgumentException().isThrownBy(() -> JsonReader.read("\"\\u12G4\""))
			.withMessage("Invalid JSON at character 5: expected four hex digits but found 'G'");
		assertThatIllegalArgumentException().isThrownBy(() -> JsonReader.read("[12345678901234567890]"))
			.withMessage("Invalid JSON at character 1: expected an integer within 64 bits but found '1'");
	}
}
