package io.github.freeport.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * A source-level guard for DESIGN.md decision 1: only the lock-file layout ({@link LockFileLayout}) and the
 * lock files this JVM has open ({@code LockFiles}) may name a lock file, since opening one anywhere else in a
 * JVM that holds leases silently drops them all.
 */
class LockFileReferenceTests {

	private static final List<String> LOCK_FILE_NAMES = List.of("LOCK_FILE", LockFileLayout.LOCK_FILE, "lockFileName", "leases-");
	private static final List<String> ALLOWED = List.of("LockFileLayout.java", "LockFiles.java");

	@Test
	void onlyTheLayoutAndTheOpenLockFilesNameALockFile() throws IOException, URISyntaxException {
		Path sources = mainSources();
		List<Path> files;
		try (Stream<Path> walk = Files.walk(sources)) {
			files = walk.filter(p -> p.toString().endsWith(".java")).toList();
		}
		assertThat(files).as("main sources under %s", sources).hasSizeGreaterThan(5);

		Path registry = sources.resolve("io/github/freeport/registry");
		StringBuilder allowedText = new StringBuilder();
		for (String allowed : ALLOWED) {
			allowedText.append(Files.readString(registry.resolve(allowed), StandardCharsets.UTF_8));
		}
		assertThat(allowedText.toString()).as("the guard still sees the allowed files").contains(LOCK_FILE_NAMES);
		for (Path file : files) {
			if (file.getParent().equals(registry) && ALLOWED.contains(file.getFileName().toString())) {
				continue;
			}
			String text = Files.readString(file, StandardCharsets.UTF_8);
			for (String name : LOCK_FILE_NAMES) {
				assertThat(text).as("%s names %s: only %s may name a lock file", sources.relativize(file), name, ALLOWED)
					.doesNotContain(name);
			}
		}
	}

	/** {@code src/main/java}, found from where the main classes were compiled to ({@code target/classes}). */
	private static Path mainSources() throws URISyntaxException {
		Path classes = Path.of(FileLockRegistry.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		Path sources = classes.getParent().getParent().resolve("src/main/java");
		assertThat(sources).as("main sources next to %s", classes).isDirectory();
		return sources;
	}
}
