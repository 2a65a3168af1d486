package io.github.freeport.testsupport;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class HostRequirementsTests {

	@Test
	void aMissingRequirementSkipsLocally() {
		HostRequirements local = new HostRequirements(Map.<String, String>of()::get);

		assertThatThrownBy(() -> local.check(false, "no C compiler (cc)")).isInstanceOf(TestAbortedException.class)
			.hasMessage("Assumption failed: no C compiler (cc)");
		assertThatThrownBy(() -> new HostRequirements(Map.of("CI", "false")::get).check(false, "no cc"))
			.isInstanceOf(TestAbortedException.class);
	}

	@Test
	void aMissingRequirementFailsUnderCi() {
		HostRequirements ci = new HostRequirements(Map.of("CI", "true")::get);

		assertThatThrownBy(() -> ci.check(false, "no C compiler (cc)")).isInstanceOf(AssertionFailedError.class)
			.hasMessage("CI=true requires this test to run, but no C compiler (cc)");
		assertThatThrownBy(() -> new HostRequirements(Map.of("CI", "1")::get).check(false, "no cc"))
			.isInstanceOf(AssertionFailedError.class);
	}

	@Test
	void aMetRequirementPassesEverywhere() {
		assertThatCode(() -> new HostRequirements(Map.of("CI", "true")::get).check(true, "unused")).doesNotThrowAnyException();
		assertThatCode(() -> new HostRequirements(Map.<String, String>of()::get).check(true, "unused")).doesNotThrowAnyException();
	}
}
