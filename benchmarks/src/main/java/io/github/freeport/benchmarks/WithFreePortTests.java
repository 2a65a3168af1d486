package io.github.freeport.benchmarks;

import org.junit.jupiter.api.RepeatedTest;

import io.github.freeport.FreePort;

/** 10,000 tests that each get a port from {@code @FreePort}: run by {@link Overhead}, never by Surefire. */
class WithFreePortTests {

	@RepeatedTest(Overhead.TESTS)
	void test(@FreePort int port) {
		if (port <= 0) {
			throw new AssertionError("port " + port);
		}
	}
}
