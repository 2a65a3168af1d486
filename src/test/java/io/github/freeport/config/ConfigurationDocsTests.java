package io.github.freeport.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** The tables in docs/configuration.md are the {@link KeyTable}'s, as {@link KeyTableMarkdown} renders it. */
class ConfigurationDocsTests {

	private static final Path PAGE = Path.of("docs", "configuration.md");
	private static final Path EXPECTED = Path.of("target", "generated-docs", "configuration.md");

	@Test
	void theDocsShowTheKeyTable() throws Exception {
		String page = Files.readString(PAGE);
		String expected = KeyTableMarkdown.replaceSections(page);
		if (!expected.equals(page)) {
			Files.createDirectories(EXPECTED.getParent());
			Files.writeString(EXPECTED, expected);
		}
		KeyTableMarkdown.sections().forEach((section, table) -> assertThat(KeyTableMarkdown.section(page, section))
			.as("the %s table in %s differs from the KeyTable; the page as it should be is in %s: copy it over", section,
				PAGE, EXPECTED)
			.isEqualTo(table));
		assertThat(page).isEqualTo(expected);
	}

	@Test
	void everyKeyHasARowInTheDocs() {
		String keys = KeyTableMarkdown.keys();
		for (Key<?> key : KeyTable.ALL) {
			assertThat(keys).contains("| `" + key.name() + "` |");
		}
		assertThat(keys).contains("| `freeport.fork` | none: system property only |")
			.contains("| `freeport.registry.required` | `FREEPORT_REGISTRY_REQUIRED` | `true` or `false` | `false` |"
					+ " `local` `false`, `ci` `false`, `shared-host` `true` |");
	}

	@Test
	void aPageWithoutTheMarkersIsAnError() {
		assertThatIllegalStateException().isThrownBy(() -> KeyTableMarkdown.section("# Configuration\n", KeyTableMarkdown.KEYS))
			.withMessageContaining(KeyTableMarkdown.begin(KeyTableMarkdown.KEYS));
	}
}
