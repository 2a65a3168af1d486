package io.github.freeport.benchmarks;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads and links the classes named in a file, one a line, in a fresh JVM, and prints
 * {@code LOADED <classes> <ms>}: what loading freeport's classes alone costs a JVM that has not seen them.
 * Run by {@link ColdStart} on the cold-start class path; initialisers are not run.
 */
public final class ClassLoadTimer {

	private ClassLoadTimer() {
	}

	public static void main(String[] args) throws Exception {
		List<String> names = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
		ClassLoader loader = ClassLoadTimer.class.getClassLoader();
		long start = System.nanoTime();
		int loaded = 0;
		for (String name : names) {
			Class<?> type = Class.forName(name, false, loader);
			if (type.getDeclaredMethods().length >= 0) { // linked, as running it would
				loaded++;
			}
		}
		System.out.println("LOADED " + loaded + " " + (System.nanoTime() - start) / 1e6);
	}
}
