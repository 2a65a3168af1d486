package io.github.freeport.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;

import io.github.freeport.logs.RunReport;

/**
 * Builds the run report of a run folder once, in a fresh JVM as at the end of a launcher session, and prints
 * {@code BUILT <ms> <bytes of report.html>}. Arguments: {@code runFolder}.
 */
public final class ReportBuilder {

	private ReportBuilder() {
	}

	public static void main(String[] args) throws Exception {
		Path runFolder = Path.of(args[0]);
		long start = System.nanoTime();
		Path report = RunReport.write(runFolder);
		double millis = (System.nanoTime() - start) / 1e6;
		System.out.println("BUILT " + millis + " " + Files.size(report));
		System.out.flush();
	}
}
