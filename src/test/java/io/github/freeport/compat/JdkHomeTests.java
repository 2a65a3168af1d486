package io.github.freeport.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JdkHomeTests {

	private final JdkHome running = new JdkHome(Path.of(System.getProperty("java.home")));

	@Test
	void readsTheFeatureVersionOfTheRunningJdk() {
		int feature = Runtime.version().feature();

		assertThat(running.feature()).contains(feature);
		assertThat(running.unfitFor(feature)).isEmpty();
		assertThat(running.unfitFor(feature + 1)).contains(running.home() + " is Java " + feature + ", not " + (feature + 1));
	}

	@Test
	void aFolderWithoutAJdkIsNamed(@TempDir Path folder) throws IOException {
		Files.writeString(folder.resolve("release"), "JAVA_VERSION=\"25.0.3\"\n");

		assertThat(new JdkHome(folder).unfitFor(25)).contains("no JDK at " + folder
			+ " (no executable bin/java, or no JAVA_VERSION in its release file)");
	}
}
