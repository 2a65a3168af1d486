package io.github.freeport.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import io.github.freeport.testsupport.ReadOnlyFolder.Way;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each way of making a folder read-only that this user may use refuses a new file, and is undone on close. A way
 * the host does not support (chattr +i on tmpfs or overlayfs) is skipped, also under CI: the registry's fault tests
 * require that one way works.
 */
class ReadOnlyFolderTests {

	@TempDir
	Path temp;

	@ParameterizedTest
	@MethodSource("waysForThisUser")
	void refusesNewFilesUntilClosed(Way way) throws IOException {
		Path folder = Files.createDirectory(temp.resolve("folder"));
		Optional<ReadOnlyFolder> readOnly = ReadOnlyFolder.by(folder, way);
		// not required under CI: one way that works is enough, and the registry's fault tests require that one
		assumeTrue(readOnly.isPresent(), way + " does not work on " + folder + " here");

		try (ReadOnlyFolder closed = readOnly.get()) {
			assertThatThrownBy(() -> Files.createFile(folder.resolve("refused"))).isInstanceOf(IOException.class);
			assertThat(Files.isWritable(folder)).isFalse();
		}
		assertThat(Files.createFile(folder.resolve("accepted"))).exists();
	}

	/** Root ignores permissions, and only root may chattr +i or mount. */
	static List<Way> waysForThisUser() {
		return Way.forThisUser();
	}
}
