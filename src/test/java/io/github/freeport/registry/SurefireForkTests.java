package io.github.freeport.registry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The fork number as Surefire and Failsafe put it on their booter's command line (seen with Surefire 3.5.4). */
class SurefireForkTests {

	@Test
	void readsTheForkNumberFromTheBootersDumpFilePrefix() {
		assertThat(SurefireFork.number("/build/target/surefire/surefirebooter-20261129155716791_4.jar /build/target/surefire"
				+ " 2026-11-29T15-57-15_982-jvmRun3 surefire-20261129155716791_2tmp surefire_0-20261129155716791_3tmp"))
			.hasValue("3");
		assertThat(SurefireFork.number("C:\\build\\target\\surefire\\surefirebooter-2026_4.jar C:\\build\\target\\surefire"
				+ " 2026-11-29T15-57-15_982-jvmRun12 surefire-2026_2tmp surefire_0-2026_3tmp")).hasValue("12");
		assertThat(SurefireFork.number("org.apache.maven.surefire.booter.ForkedBooter /build/target/surefire"
				+ " 2026-11-29T15-57-15_982-jvmRun2 surefire-1tmp surefire_0-2tmp")).hasValue("2");
	}

	@Test
	void anyOtherCommandHasNone() {
		assertThat(SurefireFork.number(null)).isEmpty();
		assertThat(SurefireFork.number("")).isEmpty();
		assertThat(SurefireFork.number("com.example.Main --name x-jvmRun1 y")).isEmpty();
		assertThat(SurefireFork.number("/opt/junit-platform-console-standalone.jar execute --select-class X")).isEmpty();
		assertThat(SurefireFork.number("/build/target/surefire/surefirebooter-1.jar /build/target/surefire")).isEmpty();
	}
}
