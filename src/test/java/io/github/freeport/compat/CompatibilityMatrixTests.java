package io.github.freeport.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the matrix refuses to start with, and what it says about cells that could not run. */
class CompatibilityMatrixTests {

	private static final JdkHome RUNNING = new JdkHome(Path.of(System.getProperty("java.home")));
	private static final int FEATURE = Runtime.version().feature();

	@TempDir
	Path target;

	@Test
	void aLegWithoutItsJarsOrItsJdkOptionIsAMistakeInThePom() throws IOException {
		MatrixBuild build = build();
		Files.createDirectories(build.jars().resolve("junit-5.12.2"));
		Files.writeString(build.jars().resolve("junit-5.12.2/console-standalone.jar"), "");
		Files.writeString(build.jars().resolve("junit-5.12.2/testkit.jar"), "");

		assertThat(CompatibilityMatrix.mistakes(CompatibilityLeg.parseAll("5.12.2@" + FEATURE), Map.of(FEATURE, RUNNING), build))
			.isEmpty();
		assertThat(CompatibilityMatrix.mistakes(CompatibilityLeg.parseAll("5.13.4@" + FEATURE + " 5.12.2@99"),
			Map.of(FEATURE, RUNNING), build)).containsExactly(
				"JUnit 5.13.4 on Java " + FEATURE + " needs " + build.jars().resolve("junit-5.13.4/console-standalone.jar")
					+ ": add JUnit 5.13.4 (platform 1.13.4) to the execution copy-compat-matrix-junit in pom.xml",
				"JUnit 5.13.4 on Java " + FEATURE + " needs " + build.jars().resolve("junit-5.13.4/testkit.jar")
					+ ": add JUnit 5.13.4 (platform 1.13.4) to the execution copy-compat-matrix-junit in pom.xml",
				"JUnit 5.12.2 on Java 99 needs a JDK 99: add <argument>--jdk=99=${java99.home}</argument> to the"
					+ " compatibility-matrix execution in pom.xml, and a property java99.home");
	}

	@Test
	void aMissingJdkNamesEveryCellItLeavesOutAndHowToProvideIt() {
		int other = FEATURE == 25 ? 17 : 25; // the matrix's other Java, whichever runs this test

		assertThat(CompatibilityMatrix.skippedJdks(CompatibilityLeg.parseAll("5.12.2@" + FEATURE), Map.of(FEATURE, RUNNING),
			Map.of())).isEmpty();
		assertThat(CompatibilityMatrix.skippedJdks(CompatibilityLeg.parseAll("5.12.2@" + other + " 6.1.3@" + other),
			Map.of(FEATURE, RUNNING, other, new JdkHome(target.resolve("jdk"))), Map.of(other, List.of("an example on Java " + other))))
			.containsExactly("the Java " + other + " cells did not run (JUnit 5.12.2 on Java " + other + "; JUnit 6.1.3 on Java "
				+ other + "; an example on Java " + other + "): no JDK at " + target.resolve("jdk") + " (no executable bin/java,"
				+ " or no JAVA_VERSION in its release file). Install a JDK " + other + " there, or point -Djava" + other
				+ ".home=/path/to/jdk-" + other + " at one");
	}

	private MatrixBuild build() {
		return new MatrixBuild(target.resolve("test-classes"), target.resolve("classes"), "", target.resolve("compat"),
			target.resolve("registry"), target.resolve("compat"));
	}
}
