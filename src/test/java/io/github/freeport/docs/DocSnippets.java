package io.github.freeport.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The code blocks of the docs ({@code README.md} and {@code docs/*.md}) and what the line above each says it is
 * (docs/README.md, "Writing docs"):
 * <ul>
 * <li>{@code <!-- snippet: <path from the repository root>#<tag> -->}: a copy of the tagged region of a compiled
 * source, the lines between {@code // tag::<tag>[]} and {@code // end::<tag>[]} less their common indentation
 * (several regions of one tag, e.g. imports and a method, are joined in order);</li>
 * <li>{@code <!-- fragment: <why it is not compiled> -->}: deliberately not compiled;</li>
 * <li>nothing: allowed for other languages, never for {@code java}.</li>
 * </ul>
 * Markers inside code blocks are not markers.
 */
record DocSnippets(Path root) {

	private static final Pattern SNIPPET = Pattern.compile("<!-- snippet: (\\S+)#([\\w-]+) -->");
	private static final Pattern FRAGMENT = Pattern.compile("<!-- fragment: (.*\\S.*) -->");

	/** A fenced code block: where its opening fence is (1-based), its language, the line above it, trimmed. */
	record Block(Path page, int line, String language, String above, String text) {

		boolean java() {
			return language.equals("java");
		}

		/** Marked as a copy of a tagged region, or as a fragment with a reason. */
		boolean marked() {
			return SNIPPET.matcher(above).matches() || FRAGMENT.matcher(above).matches();
		}

		@Override
		public String toString() {
			return name(page) + ":" + line;
		}
	}

	/** A marked block of a doc page: where its marker is, what it claims to copy, and its text. */
	record Snippet(Path page, int line, String source, String tag, String text) {

		@Override
		public String toString() {
			return name(page) + ":" + line + " (" + source + "#" + tag + ")";
		}
	}

	/** The Markdown pages: the README and {@code docs/*.md}. */
	List<Path> pages() {
		List<Path> pages = new ArrayList<>();
		pages.add(root.resolve("README.md"));
		try (var listing = Files.list(root.resolve("docs"))) {
			listing.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return pages;
	}

	/** Every marked block of every page. */
	List<Snippet> all() {
		List<Snippet> snippets = new ArrayList<>();
		for (Path page : pages()) {
			snippets.addAll(in(page));
		}
		return snippets;
	}

	/** Every fenced block of every page. */
	List<Block> blocks() {
		List<Block> blocks = new ArrayList<>();
		for (Path page : pages()) {
			blocks.addAll(blocks(page));
		}
		return blocks;
	}

	/** The fenced blocks of a page. */
	static List<Block> blocks(Path page) {
		List<String> lines = read(page);
		List<Block> blocks = new ArrayList<>();
		for (int i = 0; i < lines.size(); i++) {
			String fence = lines.get(i).trim();
			if (!fence.startsWith("```")) {
				continue;
			}
			int end = i + 1;
			while (end < lines.size() && !lines.get(end).trim().startsWith("```")) {
				end++;
			}
			String above = i > 0 ? lines.get(i - 1).trim() : "";
			// as in CommonMark, a fence indented (in a list item) takes its indentation off the block's lines
			int indent = indentation(lines.get(i));
			List<String> text = new ArrayList<>();
			for (String line : lines.subList(i + 1, Math.min(end, lines.size()))) {
				text.add(line.substring(Math.min(indent, indentation(line))));
			}
			blocks.add(new Block(page, i + 1, fence.substring(3).trim(), above, String.join("\n", text)));
			i = end;
		}
		return blocks;
	}

	/** The marked blocks of a page; fails on a marker that is not right above a fence. */
	static List<Snippet> in(Path page) {
		List<String> lines = read(page);
		List<Block> blocks = blocks(page);
		List<Snippet> snippets = new ArrayList<>();
		for (int i = 0; i < lines.size(); i++) {
			int line = i + 1;
			if (blocks.stream().anyMatch(b -> line > b.line() && line <= b.line() + b.text().split("\n", -1).length)) {
				continue; // a marker inside a block is an example of one, as in docs/README.md
			}
			Matcher marker = SNIPPET.matcher(lines.get(i).trim());
			if (!marker.matches()) {
				continue;
			}
			Block block = blocks.stream().filter(b -> b.line() == line + 1).findFirst().orElseThrow(() ->
				new IllegalStateException(page + ":" + line + ": a snippet marker must stand right above a ``` fence"));
			snippets.add(new Snippet(page, line, marker.group(1), marker.group(2), block.text()));
		}
		return snippets;
	}

	/**
	 * The tagged region of a source file, less its common indentation; several regions of the same tag are
	 * joined in order, each less its own indentation. Fails naming the file and tag.
	 */
	String region(String source, String tag) {
		List<String> lines = read(root.resolve(source));
		List<String> result = new ArrayList<>();
		int start = -1;
		for (int i = 0; i < lines.size(); i++) {
			String line = lines.get(i).trim();
			if (line.equals("// tag::" + tag + "[]")) {
				start = i + 1;
			}
			else if (line.equals("// end::" + tag + "[]") && start >= 0) {
				result.addAll(dedented(lines.subList(start, i)));
				start = -1;
			}
		}
		if (result.isEmpty()) {
			throw new IllegalStateException("no region '// tag::" + tag + "[]' ... '// end::" + tag + "[]' in " + source);
		}
		return String.join("\n", result);
	}

	private static List<String> dedented(List<String> region) {
		int indent = region.stream().filter(l -> !l.isBlank()).mapToInt(DocSnippets::indentation).min().orElse(0);
		List<String> result = new ArrayList<>();
		for (String line : region) {
			result.add(line.isBlank() ? "" : line.substring(indent));
		}
		return result;
	}

	/** {@code README.md} or {@code docs/README.md}: the page as a reader finds it. */
	static String name(Path page) {
		Path folder = page.toAbsolutePath().getParent();
		boolean docs = folder != null && folder.getFileName() != null && folder.getFileName().toString().equals("docs");
		return (docs ? "docs/" : "") + page.getFileName();
	}

	private static int indentation(String line) {
		int i = 0;
		while (i < line.length() && (line.charAt(i) == '\t' || line.charAt(i) == ' ')) {
			i++;
		}
		return i;
	}

	private static List<String> read(Path file) {
		try {
			return Files.readAllLines(file, StandardCharsets.UTF_8);
		}
		catch (IOException e) {
			throw new UncheckedIOException("Cannot read " + file + ": " + e, e);
		}
	}
}
