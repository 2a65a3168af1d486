package io.github.freeport.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import io.github.freeport.docs.DocSnippets.Block;
import io.github.freeport.docs.DocSnippets.Snippet;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Java code block in the docs is either the tagged region of the compiled source it names, or marked as a
 * fragment with the reason (docs/README.md, "Writing docs").
 */
class DocSnippetsTests {

	private static final DocSnippets DOCS = new DocSnippets(Path.of("").toAbsolutePath());

	@TestFactory
	Stream<DynamicTest> everyMarkedBlockIsItsSourceRegion() {
		return DOCS.all().stream().map(snippet -> DynamicTest.dynamicTest(snippet.toString(),
			() -> assertThat(snippet.text()).as("%s, copied from the region in %s", snippet, snippet.source())
				.isEqualTo(DOCS.region(snippet.source(), snippet.tag()))));
	}

	@Test
	void everyJavaBlockIsCompiledOrMarkedAsAFragment() {
		assertThat(DOCS.blocks()).filteredOn(Block::java).filteredOn(block -> !block.marked())
			.as("```java blocks of README.md and docs/*.md with neither '<!-- snippet: <path>#<tag> -->' (a copy of a"
				+ " tagged region of a compiled source) nor '<!-- fragment: <why it is not compiled> -->' on the line"
				+ " above; see docs/README.md, \"Writing docs\"")
			.isEmpty();
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

	@Test
	void severalRegionsOfOneTagAreJoinedEachLessItsIndentation(@TempDir Path root) throws Exception {
		Files.writeString(root.resolve("Source.java"), "// tag::use[]\nimport static java.lang.Math.max;\n\n// end::use[]\n"
			+ "class Source {\n\t// tag::use[]\n\tint x = max(1, 2);\n\t// end::use[]\n}\n");

		assertThat(new DocSnippets(root).region("Source.java", "use")).isEqualTo("import static java.lang.Math.max;\n\nint x = max(1, 2);");
	}

	@Test
	void aBlockInAListItemLosesTheIndentationOfItsFence(@TempDir Path root) throws Exception {
		Path page = Files.writeString(root.resolve("page.md"), "- item:\n\n  <!-- snippet: Source.java#here -->\n  ```java\n"
			+ "  if (x) {\n  \ty();\n  }\n  ```\n");

		assertThat(DocSnippets.in(page)).singleElement().extracting(Snippet::text).isEqualTo("if (x) {\n\ty();\n}");
	}

	@Test
	void aJavaBlockIsMarkedBySnippetOrFragmentRightAboveIt(@TempDir Path root) throws Exception {
		Path page = Files.writeString(root.resolve("page.md"), String.join("\n",
			"<!-- snippet: Source.java#here -->", "```java", "int x;", "```",
			"<!-- fragment: the body is elided -->", "```java", "void f() { ... }", "```",
			"<!-- fragment:  -->", "```java", "no reason given", "```",
			"", "```java", "unmarked", "```",
			"```sh", "mvn verify", "```", ""));

		assertThat(DocSnippets.blocks(page)).extracting(Block::line, Block::language, Block::marked).containsExactly(
			tuple(2, "java", true), tuple(6, "java", true), tuple(10, "java", false), tuple(14, "java", false),
			tuple(17, "sh", false));
	}
}
