package io.github.freeport.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FirstRowsTests {

	@ParameterizedTest
	@ValueSource(ints = { 1, 7, 100, 5000 })
	void keepsTheItemsThatFillTheFirstRowsWhateverTheOrderOffered(int limit) {
		Random random = new Random(limit);
		List<Integer> items = new ArrayList<>();
		for (int i = 0; i < 20_000; i++) {
			items.add(i);
		}
		Collections.shuffle(items, random);
		FirstRows<Integer> rows = new FirstRows<>(Comparator.naturalOrder(), limit);
		int[] weights = new int[items.size()];
		for (int item : items) {
			weights[item] = random.nextInt(4); // 0: counted only, as an allocation without refused candidates
			rows.offer(item, weights[item]);
		}
		List<Integer> expected = new ArrayList<>();
		int filled = 0;
		for (int item = 0; item < items.size() && filled < limit; item++) {
			if (weights[item] > 0) {
				expected.add(item);
				filled += weights[item];
			}
		}
		assertThat(rows.sorted()).isEqualTo(expected);
		assertThat(rows.offered()).isEqualTo(items.size());
		long all = 0;
		for (int weight : weights) {
			all += weight;
		}
		assertThat(rows.offeredRows()).isEqualTo(all);
		assertThat(rows.last()).isEqualTo(expected.get(expected.size() - 1));
	}

	@Test
	void saysNothingIsLastUntilTheRowsAreFull() {
		FirstRows<String> rows = new FirstRows<>(Comparator.reverseOrder(), 2);
		rows.offer("a");
		assertThat(rows.last()).isNull();
		rows.offer("c");
		rows.offer("b");
		assertThat(rows.sorted()).containsExactly("c", "b");
		assertThat(rows.last()).isEqualTo("b");
	}
}
