package io.github.freeport.benchmarks;

import org.junit.jupiter.api.RepeatedTest;

/** The same 10,000 tests as {@link WithFreePortTests} without a port: run by {@link Overhead}. */
class WithoutFreePortTests {

	private static int calls;

	@RepeatedTest(Overhead.TESTS)
	void test() {
		if (++calls <= 0) {
			throw new AssertionError("calls " + calls);
		}
	}
}
