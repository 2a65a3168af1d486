package io.github.freeport.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.github.freeport.testsupport.HostRequirements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the run report in headless Chromium: the rendered DOM must hold the ports and the timeline's
 * SVG, and a screenshot must come out. Skipped, with the reason, where Chromium is not installed
 * ({@code apt-get install -y chromium}); failed instead under CI. With {@code -Dfreeport.docs.screenshot=true} the screenshot
 * replaces {@code docs/run-report.png}.
 */
class RunReportBrowserTests {

	@TempDir
	Path logDir;

	@TempDir
	Path profile;

	@Test
	void rendersTheReportInHeadlessChromium() throws Exception {
		Optional<Path> chromium = chromium();
		HostRequirements.require(chromium.isPresent(), "Chromium is not installed (no chromium or chromium-browser on"
				+ " PATH; Debian: apt-get install -y chromium): the HTML report is not rendered in a browser here");
		Path runFolder = logDir.resolve("20250304-050607-4242");
		RunReportTests.writeSampleRun(runFolder);
		Path report = RunReport.write(runFolder);

		String dom = run(chromium.get(), List.of("--dump-dom", report.toUri().toString()));
		assertThat(dom).contains("<svg id=\"timeline\"", "<rect", "41000", "42002", "Conflicts met",
			"clientConnects() &lt;\"odd\" &amp; name&gt;");

		Path screenshot = runFolder.resolve("run-report.png");
		run(chromium.get(), List.of("--screenshot=" + screenshot, "--window-size=1200,900", report.toUri().toString()));
		assertThat(screenshot).exists();
		byte[] png = Files.readAllBytes(screenshot);
		assertThat(png).hasSizeGreaterThan(10_000).startsWith(0x89, 'P', 'N', 'G');
		if (Boolean.getBoolean("freeport.docs.screenshot")) {
			Files.copy(screenshot, Files.createDirectories(Path.of("docs")).resolve("run-report.png"),
				StandardCopyOption.REPLACE_EXISTING);
		}
	}

	private String run(Path chromium, List<String> arguments) throws Exception {
		List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
			"--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
			"--disable-sync", "--disable-dev-shm-usage", "--user-data-dir=" + profile));
		command.addAll(arguments);
		Path out = profile.resolve("stdout.txt");
		Process process = new ProcessBuilder(command).redirectOutput(out.toFile())
			.redirectError(profile.resolve("stderr.txt").toFile()).start();
		try {
			assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("chromium finished within 120 s").isTrue();
			assertThat(process.exitValue()).as("chromium's exit code; stderr: %s",
				Files.readString(profile.resolve("stderr.txt"))).isZero();
			return Files.readString(out, StandardCharsets.UTF_8);
		}
		finally {
			process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
	}

	static Optional<Path> chromium() {
		String path = System.getenv("PATH");
		if (path == null) {
			return Optional.empty();
		}
		return Stream.of(path.split(File.pathSeparator)).filter(dir -> !dir.isEmpty())
			.flatMap(dir -> Stream.of("chromium", "chromium-browser").map(name -> Path.of(dir, name)))
			.filter(Files::isExecutable).findFirst();
	}
}
