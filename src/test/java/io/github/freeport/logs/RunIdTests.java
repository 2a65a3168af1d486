package io.github.freeport.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.freeport.config.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** Forks of one Maven build agree on a run id although Surefire starts each through a shell of its own. */
class RunIdTests {

	@TempDir
	Path workingDir;

	@Test
	@EnabledOnOs({ OS.LINUX, OS.MAC })
	void aForkStartedThroughAShellTakesTheRunIdOfTheJvmAboveTheShell() throws Exception {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		String classpath = String.join(File.pathSeparator, location(RunIdTests.class), location(RunId.class));
		// the shape of Surefire's fork command on Unix: the shell stays between the mvn JVM and the fork
		String command = "cd '" + workingDir + "' && '" + java + "' -Dsurefire.test.class.path=x -cp '" + classpath + "' '"
				+ PrintRunId.class.getName() + "'";
		Process fork = new ProcessBuilder("/bin/sh", "-c", command).redirectErrorStream(true).start();
		List<String> output;
		try {
			assertThat(fork.waitFor(60, TimeUnit.SECONDS)).as("fork finished").isTrue();
			output = new String(fork.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
		}
		finally {
			fork.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}

		ProcessHandle self = ProcessHandle.current();
		assertThat(output).as("output of the fork").hasSize(2);
		assertThat(Long.parseLong(output.get(0))).as("the fork's parent: a shell, not this JVM").isNotEqualTo(self.pid());
		Instant start = self.info().startInstant().orElseThrow();
		assertThat(output.get(1)).isEqualTo(RunId.stamp(start.toEpochMilli()) + "-" + self.pid());
	}

	@Test
	void stampsAreUtcDateAndTime() {
		assertThat(RunId.stamp(0)).isEqualTo("19700101-000000");
		assertThat(RunId.stamp(951_782_400_000L)).as("a leap day").isEqualTo("20000229-000000");
		assertThat(RunId.stamp(1_709_251_199_999L)).isEqualTo("20240229-235959");
		assertThat(RunId.stamp(4_102_444_800_000L - 1)).isEqualTo("20991231-235959");
		for (long millis = 0; millis < 4_102_444_800_000L; millis += 86_400_000L * 37 + 3_723_000L) {
			assertThat(RunId.stamp(millis)).isEqualTo(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
				.withZone(java.time.ZoneOffset.UTC).format(Instant.ofEpochMilli(millis)));
		}
	}

	private static String location(Class<?> type) throws Exception {
		return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
	}

	/** The fork: prints its parent's pid, then its run id. */
	public static final class PrintRunId {

		public static void main(String[] args) {
			System.out.println(ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L));
			System.out.println(RunId.of(Configuration.fromSystem()));
		}
	}
}
