package io.github.freeport.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/** The table of layers in docs/architecture.md is the one the rules are built from ({@link Layer}), row by row. */
class ArchitectureDocTests {

	private static final Path DOC = Path.of("docs/architecture.md");
	private static final Pattern CODE = Pattern.compile("`([^`]+)`");

	@Test
	void theDocumentedLayersAreTheEnforcedOnes() throws IOException {
		Map<String, Row> documented = rows(Files.readString(DOC));
		assertThat(documented.keySet()).as("the layers in " + DOC)
			.containsExactlyInAnyOrderElementsOf(Arrays.stream(Layer.values()).map(layer -> layer.title).toList());
		for (Layer layer : Layer.values()) {
			Row row = documented.get(layer.title);
			assertThat(row.holds()).as("what layer %s holds, in %s", layer.title, DOC).containsExactlyElementsOf(layer.holds);
			assertThat(row.mayDependOn()).as("what layer %s may depend on, in %s", layer.title, DOC)
				.containsExactlyInAnyOrderElementsOf(layer.mayDependOn);
			assertThat(row.libraries()).as("the libraries layer %s may use, in %s", layer.title, DOC)
				.containsExactlyInAnyOrderElementsOf(layer.libraries);
		}
	}

	/** One row of the table: the layer, the code spans of its 'holds' cell, its 'may depend on' and its libraries. */
	private record Row(List<String> holds, Set<String> mayDependOn, List<String> libraries) {
	}

	/** The rows of the table under the heading "## Layers": | layer | holds | may depend on | libraries | what lives there |. */
	private static Map<String, Row> rows(String markdown) {
		String section = markdown.substring(markdown.indexOf("\n## Layers\n"));
		section = section.substring(0, section.indexOf("\n## ", 1) < 0 ? section.length() : section.indexOf("\n## ", 1));
		Map<String, Row> rows = new LinkedHashMap<>();
		for (String line : section.lines().filter(l -> l.startsWith("| ")).toList()) {
			String[] cells = line.split("\\|");
			if (cells[1].isBlank() || cells[1].trim().equals("layer")) {
				continue;
			}
			rows.put(cells[1].trim(), new Row(code(cells[2]), Arrays.stream(cells[3].split(",")).map(String::trim)
				.filter(title -> !title.isEmpty() && !title.equals("nothing")).collect(Collectors.toSet()), code(cells[4])));
		}
		return rows;
	}

	private static List<String> code(String cell) {
		Matcher spans = CODE.matcher(cell);
		return spans.results().map(match -> match.group(1)).toList();
	}
}
