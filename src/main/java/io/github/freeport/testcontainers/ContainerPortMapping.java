package io.github.freeport.testcontainers;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.Objects;

import org.apiguardian.api.API;

/**
 * One published container port, as recorded when the container started: for the allocation log, and for
 * humans reading why port 40000 was busy during a test.
 *
 * @param containerId the container's id
 * @param image the container's image name
 * @param containerPort the port inside the container (TCP)
 * @param hostPort the host port it was published on
 * @param reserved whether the host port was reserved through freeport (else Docker picked it)
 */
@API(status = STABLE, since = "0.1")
public record ContainerPortMapping(String containerId, String image, int containerPort, int hostPort, boolean reserved) {

	/**
	 * Checks that the container's id and image are given.
	 *
	 * @param containerId the container's id
	 * @param image the container's image name
	 * @param containerPort the port inside the container (TCP)
	 * @param hostPort the host port it was published on
	 * @param reserved whether the host port was reserved through freeport
	 */
	public ContainerPortMapping {
		Objects.requireNonNull(containerId, "containerId");
		Objects.requireNonNull(image, "image");
	}

	@Override
	public String toString() {
		return "host " + hostPort + (reserved ? " (reserved)" : " (random)") + " -> " + image + " "
				+ containerId.substring(0, Math.min(12, containerId.length())) + ":" + containerPort + "/tcp";
	}
}
