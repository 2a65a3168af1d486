package com.example.containers;

import java.nio.file.Files;
import java.nio.file.Path;

import org.testcontainers.images.builder.ImageFromDockerfile;

/** The example's image, built from src/test/docker/busybox with the host's static busybox. Use your own image. */
final class LocalImage {

	static final Path BUSYBOX = Path.of("/bin/busybox");

	static final ImageFromDockerfile BUSYBOX_HTTPD = new ImageFromDockerfile("freeport-example-busybox", false)
		.withFileFromPath("Dockerfile", Path.of("src/test/docker/busybox/Dockerfile"))
		.withFileFromPath("busybox", BUSYBOX);

	private LocalImage() {
	}

	/** For {@code @EnabledIf}: the image can be built here. */
	static boolean buildable() {
		return Files.isExecutable(BUSYBOX);
	}
}
