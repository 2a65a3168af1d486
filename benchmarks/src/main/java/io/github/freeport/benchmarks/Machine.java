package io.github.freeport.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the machine is, for the page: CPU model and OS name, from /proc and /etc where there are any. */
final class Machine {

	private Machine() {
	}

	static String cpuModel() {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
				if (line.startsWith("model name")) {
					return line.substring(line.indexOf(':') + 1).trim();
				}
			}
		}
		catch (IOException | RuntimeException e) {
			// not Linux
		}
		return System.getProperty("os.arch") + " (model unknown)";
	}

	static String osName() {
		try {
			for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
				if (line.startsWith("PRETTY_NAME=")) {
					return line.substring("PRETTY_NAME=".length()).replace("\"", "");
				}
			}
		}
		catch (IOException | RuntimeException e) {
			// not Linux
		}
		return System.getProperty("os.name");
	}
}
