package io.github.freeport.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.File;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class CompatibilityLegTests {

	@Test
	void parsesJUnitAndJava() {
		assertThat(CompatibilityLeg.parseAll("\n      5.12.2@17 6.1.3@25\n    ")).containsExactly(
			new CompatibilityLeg("5.12.2", 17, Optional.empty()), new CompatibilityLeg("6.1.3", 25, Optional.empty()));
		assertThat(CompatibilityLeg.parse("5.10.5@17:^io\\.github\\.freeport\\.OldJUnitTests$").tests())
			.contains("^io\\.github\\.freeport\\.OldJUnitTests$");
	}

	@Test
	void aWrongSpecIsNamedWithTheExpectedForm() {
		assertThatIllegalArgumentException().isThrownBy(() -> CompatibilityLeg.parse("5.12@17"))
			.withMessage("Invalid compatibility leg '5.12@17' in compat.legs: expected"
				+ " <JUnit Jupiter version>@<Java feature version>[:<class name regex>], e.g. 5.12.2@17");
	}

	@Test
	void thePlatformVersionGoesWithTheJupiterVersion() {
		assertThat(CompatibilityLeg.parse("5.13.4@17").platform()).isEqualTo("1.13.4");
		assertThat(CompatibilityLeg.parse("6.0.3@17").platform()).isEqualTo("6.0.3");
	}

	@Test
	void theCommandRunsThatJUnitsLauncherOnThatJavaAndSaysWhatToExpect() {
		MatrixBuild build = new MatrixBuild(Path.of("t/test-classes"), Path.of("t/classes"), "lib/assertj.jar",
			Path.of("t/compat"), Path.of("t/registry"), Path.of("t/compat"));

		assertThat(CompatibilityLeg.parse("5.13.4@25").command(build, Path.of("jdk-25/bin/java"), "^Usual$")).containsExactly(
			"jdk-25/bin/java", "-Dfreeport.registry.dir=t/registry", "-Dcompat.expected.jupiter=5.13.4",
			"-Dcompat.expected.platform=1.13.4", "-Dcompat.expected.java=25",
			"-jar", "t/compat/junit-5.13.4/console-standalone.jar",
			"execute", "--disable-banner", "--details=summary", "--fail-if-no-tests",
			"--class-path=" + String.join(File.pathSeparator, "t/test-classes", "t/classes", "t/compat/junit-5.13.4/testkit.jar",
				"lib/assertj.jar"),
			"--scan-class-path=t/test-classes", "--include-classname=^Usual$",
			"--reports-dir=t/compat/reports-junit-5.13.4-java25");
	}
}
