package io.github.freeport.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One part's output in the results folder: {@code <part>.md} (its section of the page) and
 * {@code <part>.verdict} (target, tab, verdict) for the page's summary table. Paths inside this checkout
 * are written relative to it: the page names no folder of the machine it was measured on.
 */
record Section(String part, String target, String verdict, String markdown) {

	void writeTo(Path folder) throws IOException {
		Files.createDirectories(folder);
		Files.writeString(folder.resolve(part + ".md"), relative(markdown), StandardCharsets.UTF_8);
		Files.writeString(folder.resolve(part + ".verdict"), relative(target) + "\t" + relative(verdict) + "\n",
			StandardCharsets.UTF_8);
	}

	/** The text with the checkout's absolute path taken out of every path in it. */
	static String relative(String text) {
		// the benchmark jar is benchmarks/target/benchmarks.jar (or benchmarks/target/classes) in the checkout
		Path checkout = ChildJvm.benchmarkJar().toAbsolutePath().getParent().getParent().getParent();
		return text.replace(checkout + "/", "").replace(checkout.toString(), ".");
	}
}
