package io.github.freeport.testsupport;

import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * JSON as an independent parser reads it (Jackson, strict: text after the value refused), to check
 * freeport's own writer and reader against: objects as maps, arrays as lists, integers as {@link Long}.
 */
public final class IndependentJson {

	/** The parser; it also writes JSON, for checking freeport's reader. */
	public static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.USE_LONG_FOR_INTS,
		DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

	private IndependentJson() {
	}

	/** One JSON value of any kind; an {@link IllegalArgumentException} naming the problem when it is not JSON. */
	public static Object read(String json) {
		try {
			return MAPPER.readValue(json, Object.class);
		}
		catch (JsonProcessingException e) {
			throw new IllegalArgumentException("Jackson refuses " + json + ": " + e.getOriginalMessage(), e);
		}
	}

	/** One JSON object. */
	public static Map<String, Object> object(String json) {
		try {
			return MAPPER.readValue(json, new TypeReference<Map<String, Object>>() {
			});
		}
		catch (JsonProcessingException e) {
			throw new IllegalArgumentException("Jackson refuses " + json + ": " + e.getOriginalMessage(), e);
		}
	}
}
