package io.github.freeport.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class DistinctHashesTests {

	@Test
	void countsEachDistinctStringOnceHoweverItIsGiven() {
		DistinctHashes tests = new DistinctHashes();
		for (int i = 0; i < 200_000; i++) {
			String id = "[engine:junit-jupiter]/[class:com.example.Service" + i / 20 + "Tests]/[method:test" + i % 20 + "(int)]";
			assertThat(tests.add(id)).isTrue();
			byte[] ascii = ("x" + id + "y").getBytes(StandardCharsets.US_ASCII);
			assertThat(tests.add(ascii, 1, ascii.length - 1)).as("the same id, as bytes").isFalse();
		}
		assertThat(tests.add("")).isTrue();
		assertThat(tests.add(new byte[0], 0, 0)).isFalse();
		assertThat(tests.size()).isEqualTo(200_001);
	}

	@Test
	void countsNumbersExactly() {
		DistinctHashes pids = new DistinctHashes();
		for (long pid = -1000; pid < 100_000; pid++) {
			pids.add(pid);
			pids.add(pid);
		}
		assertThat(pids.size()).isEqualTo(101_000);
	}
}
