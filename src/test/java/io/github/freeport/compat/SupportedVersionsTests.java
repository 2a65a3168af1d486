package io.github.freeport.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The README's "Supported versions" table lists exactly the cells the build runs ({@code compat.legs} in
 * {@code pom.xml}): a cell added to one and not the other fails here.
 */
class SupportedVersionsTests {

	@Test
	void theReadmeListsExactlyTheCellsOfTheMatrix() throws IOException {
		String pom = Files.readString(Path.of("pom.xml"));
		Matcher legs = Pattern.compile("(?s)<compat\\.legs>(.*?)</compat\\.legs>").matcher(pom);
		assertThat(legs.find()).as("a <compat.legs> property in pom.xml").isTrue();
		Set<String> matrix = new LinkedHashSet<>();
		CompatibilityLeg.parseAll(legs.group(1)).stream().filter(leg -> leg.tests().isEmpty())
			.forEach(leg -> matrix.add(leg.jupiter() + " on Java " + leg.java()));

		assertThat(readmeCells()).containsExactlyInAnyOrderElementsOf(matrix);
	}

	/** The cells ticked in the table of the README's "Supported versions" section. */
	private static Set<String> readmeCells() throws IOException {
		List<String> lines = Files.readAllLines(Path.of("README.md"));
		int section = lines.indexOf("## Supported versions");
		assertThat(section).as("a '## Supported versions' section in README.md").isNotNegative();
		List<String> table = new ArrayList<>();
		for (int i = section + 1; i < lines.size() && !lines.get(i).startsWith("## "); i++) {
			if (lines.get(i).startsWith("|")) {
				table.add(lines.get(i));
			}
		}
		assertThat(table).as("the table of README.md's Supported versions").hasSizeGreaterThan(2);
		List<String> javas = cells(table.get(0));
		Set<String> ticked = new LinkedHashSet<>();
		for (String row : table.subList(2, table.size())) {
			List<String> cells = cells(row);
			for (int column = 1; column < cells.size(); column++) {
				if (cells.get(column).equals("✓")) {
					ticked.add(cells.get(0) + " on " + javas.get(column));
				}
			}
		}
		return ticked;
	}

	private static List<String> cells(String row) {
		List<String> cells = new ArrayList<>();
		String inner = row.strip().substring(1, row.strip().length() - 1);
		for (String cell : inner.split("\\|", -1)) {
			cells.add(cell.strip());
		}
		return cells;
	}
}
