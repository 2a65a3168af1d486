package io.github.freeport.logs;

import java.nio.file.Path;

/** Builds the run report of the folder given, in a JVM of its own (with a small heap, say), and prints {@code BUILT <allocations>}. */
public final class ReportBuildMain {

	private ReportBuildMain() {
	}

	public static void main(String[] args) {
		RunReport report = RunReport.read(Path.of(args[0]));
		report.writeHtml();
		System.out.println("BUILT " + report.allocationCount());
	}
}
