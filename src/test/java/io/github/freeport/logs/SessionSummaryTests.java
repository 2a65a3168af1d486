package io.github.freeport.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.freeport.FreePort;
import io.github.freeport.testsupport.JavaProcess;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestEngine;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Two forks of one run, configured only by {@code junit-platform.properties} (log folder and run id there,
 * nothing on the command line), one finishing while the other still holds a port: one summary line for the
 * run, printed by the last, and a report that shows each fork's configuration and where they differ.
 */
class SessionSummaryTests {

	private static final long SECONDS = 120;

	@TempDir
	Path temp;

	@Test
	void theRunIsAnnouncedOnceByTheLastForkWhenTheLogFolderIsSetInJunitPlatformProperties() throws Exception {
		List<String> classPath = forkClassPath(junitPlatformProperties("two-forks"));
		try (JavaProcess last = JavaProcess.start(SessionForkMain.class, classPath, temp, List.of("-Dfreeport.quarantine=3s"),
				WaitingTestCase.class.getName())) {
			last.awaitLine("HOLDING", SECONDS);
			try (JavaProcess first = JavaProcess.start(SessionForkMain.class, classPath, temp, List.of(),
					QuickTestCase.class.getName())) {
				assertThat(first.awaitLine("FINISHED", SECONDS)).as("%s", first.output()).isEqualTo("FINISHED 0 failed");
				assertThat(first.awaitExit(SECONDS)).isZero();
				assertThat(first.output()).as("the first fork to finish, while the other still runs")
					.noneMatch(line -> line.startsWith("[freeport] run")).noneMatch(line -> line.contains("freeport.profile="));
			}
			last.send("GO");
			assertThat(last.awaitLine("FINISHED", SECONDS)).as("%s", last.output()).isEqualTo("FINISHED 0 failed");
			assertThat(last.awaitExit(SECONDS)).isZero();
			assertThat(last.output()).filteredOn(line -> line.startsWith("[freeport] run")).singleElement().asString()
				.startsWith("[freeport] run two-forks: 2 ports for 2 tests in 2 forks;");
			assertThat(last.output()).noneMatch(line -> line.contains("freeport.profile="));
		}
		RunReport report = RunReport.read(temp.resolve("logs/two-forks"));
		assertThat(report.configurations()).hasSize(2).allSatisfy(fork -> assertThat(fork.settings())
			.anySatisfy(setting -> assertThat(setting.toString()).isEqualTo(FreePort.LOG_DIR_PROPERTY_NAME + "="
					+ temp.resolve("logs") + " (configuration parameter " + FreePort.LOG_DIR_PROPERTY_NAME + ")")));
		String html = Files.readString(temp.resolve("logs/two-forks/report.html"));
		assertThat(html).contains("<section id=\"configuration\">",
			"<code>freeport.quarantine</code> (differs between forks)</td><td><code>3s</code>",
			"<code>freeport.run.id</code></td><td><code>two-forks</code>");
		assertThat(temp.resolve("target")).as("nothing in the forks' working folder's default log folder").doesNotExist();
	}

	@Test
	void aForkThatTookNoPortAnnouncesTheRunWhenItFinishesLast() throws Exception {
		List<String> classPath = forkClassPath(junitPlatformProperties("portless-last"));
		try (JavaProcess last = JavaProcess.start(SessionForkMain.class, classPath, temp, List.of(),
				WaitingWithoutPortTestCase.class.getName())) {
			last.awaitLine("WAITING", SECONDS);
			try (JavaProcess first = JavaProcess.start(SessionForkMain.class, classPath, temp, List.of(),
					QuickTestCase.class.getName())) {
				assertThat(first.awaitLine("FINISHED", SECONDS)).as("%s", first.output()).isEqualTo("FINISHED 0 failed");
				assertThat(first.awaitExit(SECONDS)).isZero();
				assertThat(first.output()).as("the fork that logged, while one without ports still runs")
					.noneMatch(line -> line.startsWith("[freeport] run"));
			}
			last.send("GO");
			assertThat(last.awaitLine("FINISHED", SECONDS)).as("%s", last.output()).isEqualTo("FINISHED 0 failed");
			assertThat(last.awaitExit(SECONDS)).isZero();
			assertThat(last.output()).as("the last fork, which took no port").filteredOn(line -> line.startsWith("[freeport] run"))
				.singleElement().asString().startsWith("[freeport] run portless-last: 1 ports for 1 tests in 1 fork;");
		}
		assertThat(temp.resolve("logs/portless-last/report.html")).isRegularFile();
	}

	/**
	 * A folder whose {@code junit-platform.properties} names the log folder, the run id and the registry: the
	 * forks' only freeport configuration.
	 */
	private Path junitPlatformProperties(String runId) throws java.io.IOException {
		Path properties = Files.createDirectories(temp.resolve("properties"));
		Files.writeString(properties.resolve("junit-platform.properties"), FreePort.LOG_DIR_PROPERTY_NAME + "="
				+ temp.resolve("logs").toString().replace('\\', '/') + "\n" + FreePort.RUN_ID_PROPERTY_NAME + "=" + runId + "\n"
				+ FreePort.REGISTRY_DIR_PROPERTY_NAME + "=" + temp.resolve("registry").toString().replace('\\', '/') + "\n");
		return properties;
	}

	private static List<String> forkClassPath(Path properties) {
		return List.of(properties.toString(), JavaProcess.location(SessionSummaryTests.class),
			JavaProcess.location(FreePort.class), JavaProcess.location(LauncherFactory.class), JavaProcess.location(TestEngine.class),
			JavaProcess.location(org.junit.platform.commons.support.AnnotationSupport.class),
			JavaProcess.location(org.junit.jupiter.api.Test.class),
			JavaProcess.location(org.junit.jupiter.engine.JupiterTestEngine.class),
			JavaProcess.location(org.opentest4j.AssertionFailedError.class), JavaProcess.location(org.apiguardian.api.API.class));
	}

	/** Takes no port, says so, and waits until its standard input says {@code GO}. */
	static class WaitingWithoutPortTestCase {

		@Test
		void waitsUntilTold() throws Exception {
			System.out.println("WAITING");
			awaitGo();
		}
	}

	/** Waits, boundedly, until the fork's standard input says {@code GO}. */
	static void awaitGo() throws Exception {
		BufferedReader input = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
		String line = CompletableFuture.supplyAsync(() -> {
			try {
				return input.readLine();
			}
			catch (java.io.IOException e) {
				return null;
			}
		}).get(SECONDS, TimeUnit.SECONDS);
		Assertions.assertEquals("GO", line);
	}

	/** Takes a port and is done. */
	static class QuickTestCase {

		@Test
		void takesAPort(@FreePort int port) {
			Assertions.assertTrue(port > 0); // JUnit's own assertions: the fork's class path has no AssertJ
		}
	}

	/** Takes a port, says so, and keeps it until its standard input says {@code GO}. */
	static class WaitingTestCase {

		@Test
		void holdsAPortUntilTold(@FreePort int port) throws Exception {
			System.out.println("HOLDING " + port);
			awaitGo();
		}
	}
}
