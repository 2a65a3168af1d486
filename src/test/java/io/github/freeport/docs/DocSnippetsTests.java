package io.github.freeport.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import io.github.freeport.docs.DocSnippets.Snippet;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** Every marked code block in the docs is the tagged region of the compiled example it names (docs/README.md). */
class DocSnippetsTests {

	private static final DocSnippets DOCS = new DocSnippets(Path.of("").toAbsolutePath());

	@TestFactory
	Stream<DynamicTest> everyMarkedBlockIsItsSourceRegion() {
		return DOCS.all().stream().map(snippet -> DynamicTest.dynamicTest(snippet.toString(),
			() -> assertThat(snippet.text()).as("%s, copied from the region in %s", snippet, snippet.source())
				.isEqualTo(DOCS.region(snippet.source(), snippet.tag()))));
	}

	@Test
	void theDocsHaveMarkedBlocks() {
		// a marker syntax that stopped matching would otherwise pass silently
		assertThat(DOCS.all()).extracting(Snippet::page).extracting(p -> p.getFileName().toString())
			.contains("getting-started.md", "migration.md");
	}

	@Test
	void aMarkerMustStandAboveABlockAndNameAnExistingRegion(@TempDir Path root) throws Exception {
		Files.writeString(root.resolve("Source.java"), "class Source {\n\t// tag::here[]\n\tint x;\n\t// end::here[]\n}\n");
		Path page = root.resolve("page.md");
		Files.writeString(page, "text\n<!-- snippet: Source.java#here -->\n```java\nint x;\n```\n");
		DocSnippets docs = new DocSnippets(root);

		Snippet snippet = DocSnippets.in(page).get(0);
		assertThat(snippet.text()).isEqualTo(docs.region("Source.java", "here")).isEqualTo("int x;");
		assertThatIllegalStateException().isThrownBy(() -> docs.region("Source.java", "elsewhere"))
			.withMessage("no region '// tag::elsewhere[]' ... '// end::elsewhere[]' in Source.java");
		Files.writeString(page, "<!-- snippet: Source.java#here -->\n\n```java\nint x;\n```\n");
		assertThatIllegalStateException().isThrownBy(() -> DocSnippets.in(page))
			.withMessage(page + ":1: a snippet marker must stand right above a ``` fence");
	}
}
