package io.github.freeport.docs.pages;

import java.nio.file.Path;

/** docs/logs.md's code blocks. */
class LogsPage {

	Path report() {
		// tag::write-report[]
		Path report = io.github.freeport.logs.RunReport.write(Path.of("target/freeport/20250304-050607-4100"));
		// end::write-report[]
		return report;
	}
}
