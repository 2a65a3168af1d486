package io.github.freeport.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The layers held against the sources of {@code src/main}. The rules of {@link ArchitectureTests} read
 * bytecode, where javac has inlined every constant one class reads off another (a configuration key on an
 * annotation, say): an import that only takes a constant is a dependency in the source, seen here alone.
 */
class SourceImportsTests {

	private static final Path MAIN = Path.of("src/main/java");
	private static final Pattern FREEPORT_TYPE = Pattern.compile("\\bio\\.github\\.freeport(?:\\.[a-z]\\w*)*\\.[A-Z]\\w*");
	private static final Pattern COMMENT_OR_STRING = Pattern.compile("/\\*.*?\\*/|//[^\\n]*|\"(?:\\\\.|[^\"\\\\])*\"",
		Pattern.DOTALL);

	@Test
	void everyFreeportTypeNamedInTheSourcesIsInALayerItsUserMayDependOn() throws IOException {
		List<String> violations = new ArrayList<>();
		int files = 0;
		try (Stream<Path> sources = Files.walk(MAIN)) {
			for (Path source : sources.filter(path -> path.toString().endsWith(".java")).toList()) {
				files++;
				String className = MAIN.relativize(source).toString().replace(source.getFileSystem().getSeparator(), ".")
					.replaceFirst("\\.java$", "");
				Layer from = Layer.of(className).orElseThrow(() -> new AssertionError(className + " is in no layer"));
				Matcher named = FREEPORT_TYPE.matcher(COMMENT_OR_STRING.matcher(Files.readString(source)).replaceAll(" "));
				while (named.find()) {
					Layer to = Layer.of(named.group()).orElseThrow();
					if (to != from && !from.mayDependOn.contains(to.title)) {
						violations.add(source + " names " + named.group() + " (layer " + to.title + "), but layer " + from.title
								+ " may depend only on " + from.mayDependOn);
					}
				}
			}
		}
		assertThat(files).as("sources read").isGreaterThan(50);
		assertThat(violations).isEmpty();
	}
}
