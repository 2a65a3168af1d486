package io.github.freeport.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One part's output in the results folder: {@code <part>.md} (its section of the page) and
 * {@code <part>.verdict} (target, tab, verdict) for the page's summary table.
 */
record Section(String part, String target, String verdict, String markdown) {

	void writeTo(Path folder) throws IOException {
		Files.createDirectories(folder);
		Files.writeString(folder.resolve(part + ".md"), markdown, StandardCharsets.UTF_8);
		Files.writeString(folder.resolve(part + ".verdict"), target + "\t" + verdict + "\n", StandardCharsets.UTF_8);
	}
}
