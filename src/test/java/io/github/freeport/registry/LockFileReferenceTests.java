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
 * A source-level guard for DESIGN.md decision 1: only {@link FileLockRegistry} may name the lock file,
 * since opening it anywhere else in a JVM that holds leases silently drops them all.
 */
class LockFileReferenceTests {

	private static final List<String> LOCK_FILE_NAMES = List.of("LOCK_FILE", FileLockRegistry.LOCK_FILE, "lockFileName", "leases-");

	@Test
	void onlyFileLockRegistryNamesTheLockFile() throws IOException, URISyntaxException {
		Path sources = mainSources();
		List<Path> files;
		try (Stream<Path> walk = Files.walk(sources)) {
			files = walk.filter(p -> p.toString().endsWith(".java")).toList();
		}
		assertThat(files).as("main sources under %s", sources).hasSizeGreaterThan(5);

		Path registry = sources.resolve("io/github/freeport/registry/FileLockRegistry.java");
		assertThat(Files.readString(registry, StandardCharsets.UTF_8)).as("the guard still sees the one allowed file")
			.contains(LOCK_FILE_NAMES);
		for (Path file : files) {
			if (file.equals(registry)) {
				continue;
			}
			String text = Files.readString(file, StandardCharsets.UTF_8);
			for (String name : LOCK_FILE_NAMES) {
				assertThat(text).as("%s names %s: only FileLockRegistry may touch the lock file", sources.relativize(file), name)
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
