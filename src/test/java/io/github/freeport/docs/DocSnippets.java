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
 * Code blocks in the docs that are copies of tagged regions of compiled sources. A block is one when the line
 * before its opening fence is {@code <!-- snippet: <path from the repository root>#<tag> -->}; the region is
 * the lines between {@code // tag::<tag>[]} and {@code // end::<tag>[]} in that file, less their common
 * indentation. Markers inside code blocks are not markers.
 */
record DocSnippets(Path root) {

	private static final Pattern MARKER = Pattern.compile("<!-- snippet: (\\S+)#([\\w-]+) -->");

	/** A marked block of a doc page: where it is, what it claims to copy, and its text. */
	record Snippet(Path page, int line, String source, String tag, String text) {

		@Override
		public String toString() {
			return page.getFileName() + ":" + line + " (" + source + "#" + tag + ")";
		}
	}

	/** Every marked block in the Markdown files of {@code docs/} and the README. */
	List<Snippet> all() {
		List<Path> pages = new ArrayList<>();
		pages.add(root.resolve("README.md"));
		try (var listing = Files.list(root.resolve("docs"))) {
			listing.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		List<Snippet> snippets = new ArrayList<>();
		for (Path page : pages) {
			snippets.addAll(in(page));
		}
		return snippets;
	}

	static List<Snippet> in(Path page) {
		List<String> lines = read(page);
		List<Snippet> snippets = new ArrayList<>();
		boolean inBlock = false;
		for (int i = 0; i < lines.size(); i++) {
			if (lines.get(i).trim().startsWith("```")) {
				inBlock = !inBlock; // a marker inside a block is an example of one, as in docs/README.md
				continue;
			}
			Matcher marker = MARKER.matcher(lines.get(i).trim());
			if (inBlock || !marker.matches()) {
				continue;
			}
			if (i + 1 >= lines.size() || !lines.get(i + 1).startsWith("```")) {
				throw new IllegalStateException(page + ":" + (i + 1) + ": a snippet marker must stand right above a ``` fence");
			}
			int end = i + 2;
			while (end < lines.size() && !lines.get(end).startsWith("```")) {
				end++;
			}
			snippets.add(new Snippet(page, i + 1, marker.group(1), marker.group(2), String.join("\n", lines.subList(i + 2, end))));
			i = end;
		}
		return snippets;
	}

	/** The tagged region of a source file, less its common indentation; fails naming the file and tag. */
	String region(String source, String tag) {
		List<String> lines = read(root.resolve(source));
		int start = -1;
		int end = -1;
		for (int i = 0; i < lines.size(); i++) {
			String line = lines.get(i).trim();
			if (line.equals("// tag::" + tag + "[]")) {
				start = i + 1;
			}
			else if (line.equals("// end::" + tag + "[]") && start >= 0) {
				end = i;
				break;
			}
		}
		if (start < 0 || end < 0) {
			throw new IllegalStateException("no region '// tag::" + tag + "[]' ... '// end::" + tag + "[]' in " + source);
		}
		List<String> region = lines.subList(start, end);
		int indent = region.stream().filter(l -> !l.isBlank()).mapToInt(DocSnippets::indentation).min().orElse(0);
		List<String> result = new ArrayList<>();
		for (String line : region) {
			result.add(line.isBlank() ? "" : line.substring(indent));
		}
		return String.join("\n", result);
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
