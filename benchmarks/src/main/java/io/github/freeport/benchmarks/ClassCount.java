package io.github.freeport.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The classes a JVM loaded, by package, read from its {@code -Xlog:class+load} file. Generated classes
 * (lambdas, method handles: {@code Outer$$Lambda$12/0x...}, {@code LambdaForm$MH/0x...}) count with the
 * package whose name they carry.
 */
record ClassCount(int total, Map<String, Integer> byPackage) {

	static ClassCount read(Path log) throws IOException {
		Map<String, Integer> byPackage = new TreeMap<>();
		int total = 0;
		for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
			int start = line.indexOf("] ", line.indexOf("class,load")) + 2;
			int end = line.indexOf(' ', start);
			if (start < 2 || end < 0) {
				continue;
			}
			String name = line.substring(start, end);
			int hidden = name.indexOf('/');
			if (hidden >= 0) {
				name = name.substring(0, hidden);
			}
			int dot = name.lastIndexOf('.');
			byPackage.merge(dot < 0 ? "(unnamed package)" : name.substring(0, dot), 1, Integer::sum);
			total++;
		}
		if (total == 0) {
			throw new IllegalStateException("No class loads in " + log + ": was the JVM started with -Xlog:class+load?");
		}
		return new ClassCount(total, byPackage);
	}

	int inPackagesStartingWith(String prefix) {
		int count = 0;
		for (Map.Entry<String, Integer> entry : byPackage.entrySet()) {
			if (entry.getKey().startsWith(prefix)) {
				count += entry.getValue();
			}
		}
		return count;
	}

	/** The packages with more classes here than in {@code other}, and how many more: the most first. */
	List<Map.Entry<String, Integer>> moreThan(ClassCount other) {
		List<Map.Entry<String, Integer>> more = new ArrayList<>();
		for (Map.Entry<String, Integer> entry : byPackage.entrySet()) {
			int difference = entry.getValue() - other.byPackage().getOrDefault(entry.getKey(), 0);
			if (difference > 0) {
				more.add(Map.entry(entry.getKey(), difference));
			}
		}
		more.sort(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
		return more;
	}
}
