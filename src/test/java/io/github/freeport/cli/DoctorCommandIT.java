package io.github.freeport.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import io.github.freeport.allocation.EphemeralRange;
import io.github.freeport.allocation.PortRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code freeport doctor}, run from the CLI jar. */
class DoctorCommandIT {

	@TempDir
	Path temp;

	@Test
	void findsNothingWrongHere() throws InterruptedException {
		Path registry = temp.resolve("registry");

		CliProcess.Result result = CliProcess.run(temp, "doctor", "--registry-dir", registry.toString());

		assertThat(result.exitCode()).as("%s", result).isZero();
		PortRange ephemeral = EphemeralRange.detect().ranges().get(0);
		assertThat(result.out()).as("%s", result)
			.contains("[ok]   Ephemeral range: " + ephemeral)
			.contains("[ok]   Registry folder: " + registry.toAbsolutePath() + " (option --registry-dir)")
			.contains("[ok]   File locks: work")
			.contains("[ok]   IPv6: ")
			.contains("freeport.registry.dir=" + registry.toAbsolutePath() + "  (option --registry-dir)")
			.contains("freeport.profile=")
			.contains("No problem found.")
			.doesNotContain("[FAIL]");
	}

	@Test
	void failsOnAFolderOthersCanWriteAndSaysHowToFixIt() throws IOException, InterruptedException {
		assumeThat(FileSystems.getDefault().supportedFileAttributeViews()).contains("posix");
		Path registry = Files.createDirectory(temp.resolve("shared"));
		Files.setPosixFilePermissions(registry, PosixFilePermissions.fromString("rwxrwxrwx"));

		CliProcess.Result result = CliProcess.run(temp, "doctor", "--registry-dir", registry.toString());

		assertThat(result.exitCode()).as("%s", result).isEqualTo(1);
		assertThat(result.out()).as("%s", result)
			.contains("[FAIL] Registry folder: ")
			.contains("is writable by others")
			.contains("chmod 700 " + registry.toAbsolutePath())
			.contains("1 problem found.");
	}
}
