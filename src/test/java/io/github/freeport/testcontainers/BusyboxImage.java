package io.github.freeport.testcontainers;

import java.nio.file.Files;
import java.nio.file.Path;

import io.github.freeport.testsupport.HostRequirements;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * The test image: {@code FROM scratch} plus the host's static busybox, built from
 * {@code src/test/docker/busybox} (nothing is pulled). Tests call {@link #assumeAvailable()} first.
 */
final class BusyboxImage {

	static final Path BUSYBOX = Path.of("/bin/busybox");

	/** Built once per JVM, kept in the engine afterwards so later runs reuse its layers. */
	static final ImageFromDockerfile IMAGE = new ImageFromDockerfile("freeport-test-busybox", false)
		.withFileFromPath("Dockerfile", Path.of("src/test/docker/busybox/Dockerfile"))
		.withFileFromPath("busybox", BUSYBOX);

	private BusyboxImage() {
	}

	/**
	 * Skips the calling tests, with the reason, where there is no Docker engine or no static busybox;
	 * fails them instead under CI, which must run them ({@link HostRequirements}).
	 */
	static void assumeAvailable() {
		String missing = null;
		if (!DockerClientFactory.instance().isDockerAvailable()) {
			missing = "no Docker engine answers (start one with .ci/docker-up.sh)";
		}
		else if (!Files.isExecutable(BUSYBOX)) {
			missing = BUSYBOX + " is missing (install busybox-static, or run .ci/docker-up.sh)";
		}
		HostRequirements.require(missing == null, "for the Testcontainers tests, " + missing);
	}
}
