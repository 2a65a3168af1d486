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
		assertThat(output.get(1)).isEqualTo(RunId.STAMP.format(start) + "-" + self.pid());
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
