package io.github.freeport.testcontainers;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import io.github.freeport.AllocationTrace;
import io.github.freeport.PortReservation;
import io.github.freeport.config.Configuration;
import io.github.freeport.logs.AllocationEvent;
import io.github.freeport.logs.EventLog;
import org.apiguardian.api.API;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.lifecycle.Startable;

/**
 * Publishes container ports on reserved host ports: a fixed host port binding, without the deprecated
 * {@code FixedHostPortGenericContainer}.
 *
 * <pre>{@code
 * GenericContainer<?> web = new GenericContainer<>(image).withCommand("httpd", "-f", "-p", "8080");
 * try (ReservedPortBinding binding = ReservedPortBinding.bind(web, 8080)) {
 *     binding.start();
 *     get("http://localhost:" + binding.hostPort() + "/");
 * } // stops the container, then releases the lease
 * }</pre>
 *
 * <h2>Lifecycle</h2>
 * The lease is held from {@link #bind} until the container has stopped: no other freeport user on the host
 * is handed the port meanwhile. Start and stop the container <em>through this binding</em> (it is a
 * {@link Startable}, so it can also be a Testcontainers {@code @Container} field): {@link #stop()} stops
 * the container, then releases; a {@link #start()} that fails removes what was created and releases too. A
 * container stopped behind the binding's back keeps its lease until the binding is closed, or until the
 * reservation's JUnit scope ends for one injected by {@code @FreePort}.
 *
 * <h2>How it binds</h2>
 * The container port is added to the container's exposed ports (so {@code getMappedPort} answers with the
 * reserved port and the default wait strategy waits for it), and a create-container modifier replaces
 * Docker's random host port for it with the reserved one, on all host interfaces, as {@code docker run -p
 * HOST:CONTAINER} does. TCP only.
 */
@API(status = STABLE, since = "0.1")
public final class ReservedPortBinding implements Startable {

	private final GenericContainer<?> container;
	private final Map<Integer, PortReservation> reservations = new LinkedHashMap<>();
	/** Container ports whose reservation this binding made itself, and so logs itself when it releases them. */
	private final java.util.Set<Integer> own = new java.util.HashSet<>();
	private volatile List<ContainerPortMapping> mappings = List.of();

	private ReservedPortBinding(GenericContainer<?> container) {
		this.container = container;
		container.withCreateContainerCmdModifier(this::bindReservedPorts);
	}

	/**
	 * Reserves a host port (as {@code Ports.reserve()} does) and publishes the container port on it.
	 *
	 * @param container the container to start on the reserved port
	 * @param containerPort the port inside the container, 1-65535
	 * @return the binding, which starts the container and releases the port when it stops
	 * @throws IllegalArgumentException unless the container port is 1-65535
	 */
	public static ReservedPortBinding bind(GenericContainer<?> container, int containerPort) {
		ReservedPortBinding binding = bind(container, containerPort, io.github.freeport.Ports.reserve());
		binding.own.add(containerPort);
		return binding;
	}

	/**
	 * Publishes the container port on the reserved host port, e.g. one injected by {@code @FreePort}. The
	 * binding takes the reservation over: it releases it when the container stops or fails to start.
	 *
	 * @param container the container to start on the reserved port
	 * @param containerPort the port inside the container, 1-65535
	 * @param reservation the host port to publish it on
	 * @return the binding, which starts the container and releases the port when it stops
	 * @throws IllegalArgumentException unless the container port is 1-65535 and the reservation is open and
	 *         includes TCP
	 */
	public static ReservedPortBinding bind(GenericContainer<?> container, int containerPort, PortReservation reservation) {
		return new ReservedPortBinding(Objects.requireNonNull(container, "container")).and(containerPort, reservation);
	}

	/**
	 * Reserves another host port for another port of the same container. Before {@link #start()} only.
	 *
	 * @param containerPort the port inside the container, 1-65535
	 * @return this binding
	 */
	public synchronized ReservedPortBinding and(int containerPort) {
		and(containerPort, io.github.freeport.Ports.reserve());
		own.add(containerPort);
		return this;
	}

	/**
	 * Publishes another port of the same container on a reserved host port. Before {@link #start()} only.
	 *
	 * @param containerPort the port inside the container, 1-65535
	 * @param reservation the host port to publish it on
	 * @return this binding
	 */
	public synchronized ReservedPortBinding and(int containerPort, PortReservation reservation) {
		Objects.requireNonNull(reservation, "reservation");
		try {
			if (containerPort < 1 || containerPort > 65535) {
				throw new IllegalArgumentException("Invalid container port " + containerPort + ": expected 1-65535");
			}
			if (!reservation.protocol().includesTcp() || reservation.isReleased()) {
				throw new IllegalArgumentException("Cannot publish container port " + containerPort + " on " + reservation
						+ ": expected an open reservation that includes TCP");
			}
			if (reservations.containsKey(containerPort)) {
				throw new IllegalArgumentException("Container port " + containerPort + " is bound to " + reservations.get(containerPort)
						+ " already: expected each container port once");
			}
			if (container.getContainerId() != null) {
				throw new IllegalStateException("Cannot bind container port " + containerPort + " of a started container: bind before start()");
			}
		}
		catch (RuntimeException e) {
			reservation.close();
			throw e;
		}
		reservations.put(containerPort, reservation);
		container.addExposedPort(containerPort);
		return this;
	}

	private synchronized void bindReservedPorts(CreateContainerCmd command) {
		HostConfig hostConfig = command.getHostConfig();
		if (hostConfig == null) {
			hostConfig = new HostConfig();
			command.withHostConfig(hostConfig);
		}
		Map<ExposedPort, List<Ports.Binding>> bindings = new LinkedHashMap<>();
		if (hostConfig.getPortBindings() != null) {
			hostConfig.getPortBindings().getBindings().forEach((port, bound) -> bindings.put(port,
				bound == null ? new ArrayList<>() : new ArrayList<>(List.of(bound))));
		}
		reservations.forEach((containerPort, reservation) -> bindings.put(ExposedPort.tcp(containerPort),
			List.of(Ports.Binding.bindPort(reservation.port()))));
		List<PortBinding> all = new ArrayList<>();
		bindings.forEach((port, bound) -> bound.forEach(binding -> all.add(new PortBinding(binding, port))));
		hostConfig.withPortBindings(all);
		List<ExposedPort> exposed = new ArrayList<>(command.getExposedPorts() == null ? List.of() : List.of(command.getExposedPorts()));
		bindings.keySet().stream().filter(port -> !exposed.contains(port)).forEach(exposed::add);
		command.withExposedPorts(exposed);
	}

	/**
	 * Starts the container on the reserved ports and records its port mappings. When the start fails, the
	 * container is removed and the reservations released before the failure is rethrown.
	 */
	@Override
	public void start() {
		try {
			container.start();
			mappings = recordMappings();
		}
		catch (RuntimeException | Error e) {
			try {
				container.stop();
			}
			catch (RuntimeException suppressed) {
				e.addSuppressed(suppressed);
			}
			releaseAll();
			throw e;
		}
	}

	/** Stops (and removes) the container, then releases the reservations. Idempotent. */
	@Override
	public void stop() {
		try {
			container.stop();
		}
		finally {
			releaseAll();
		}
	}

	private synchronized void releaseAll() {
		reservations.forEach((containerPort, reservation) -> {
			boolean open = !reservation.isReleased();
			reservation.close();
			if (open && own.contains(containerPort)) {
				logOwn(containerPort, reservation);
			}
		});
	}

	/**
	 * A reservation this binding made itself has no JUnit scope to log it: it goes to the run's allocation
	 * log here. Reservations passed in are logged by whoever made them ({@code @FreePort}), with the mapping.
	 */
	private void logOwn(int containerPort, PortReservation reservation) {
		try {
			java.nio.file.Path runFolder = EventLog.runFolder(Configuration.fromSystem());
			String image = container.getDockerImageName();
			EventLog.append(runFolder, AllocationEvent.of(runFolder.getFileName().toString(), image, "container",
				"ReservedPortBinding of " + image + " port " + containerPort, reservation.trace()));
		}
		catch (RuntimeException e) {
			// the log is for diagnostics: a container must not fail to stop for it
		}
	}

	private List<ContainerPortMapping> recordMappings() {
		List<ContainerPortMapping> recorded = new ArrayList<>();
		for (Integer containerPort : container.getExposedPorts()) {
			ContainerPortMapping mapping = new ContainerPortMapping(container.getContainerId(), container.getDockerImageName(),
				containerPort, container.getMappedPort(containerPort), reservations.containsKey(containerPort));
			recorded.add(mapping);
			if (mapping.reserved()) {
				// into the reservation's allocation event: the log says which container used the port
				reservations.get(containerPort).trace().noteUse("container port mapping " + mapping);
			}
		}
		return Collections.unmodifiableList(recorded);
	}

	/** {@return the container this binding starts and stops} */
	public GenericContainer<?> container() {
		return container;
	}

	/** {@return the reserved host port of the first bound container port} */
	public synchronized int hostPort() {
		return reservations.values().iterator().next().port();
	}

	/**
	 * The reserved host port of a bound container port.
	 *
	 * @param containerPort a bound port inside the container
	 * @return the host port it is published on
	 * @throws IllegalArgumentException naming the bound ports when this one is not bound
	 */
	public int hostPort(int containerPort) {
		return reservation(containerPort).port();
	}

	/**
	 * The reservation behind a bound container port.
	 *
	 * @param containerPort a bound port inside the container
	 * @return the reservation of the host port it is published on
	 * @throws IllegalArgumentException naming the bound ports when this one is not bound
	 */
	public synchronized PortReservation reservation(int containerPort) {
		PortReservation reservation = reservations.get(containerPort);
		if (reservation == null) {
			throw new IllegalArgumentException("Container port " + containerPort + " is not bound to a reserved port: expected one of "
					+ reservations.keySet());
		}
		return reservation;
	}

	/**
	 * How the host port of a bound container port was found: the allocation trace of its reservation.
	 *
	 * @param containerPort a bound port inside the container
	 * @return the trace of its host port's reservation
	 * @throws IllegalArgumentException naming the bound ports when this one is not bound
	 */
	public AllocationTrace trace(int containerPort) {
		return reservation(containerPort).trace();
	}

	/**
	 * {@return every exposed port of the container and the host port it was published on (reserved or random), as
	 * recorded at the last successful {@link #start()}; empty before}
	 */
	public List<ContainerPortMapping> mappings() {
		return mappings;
	}

	/** {@return whether every reservation of this binding has been released} */
	public synchronized boolean isReleased() {
		return reservations.values().stream().allMatch(PortReservation::isReleased);
	}

	@Override
	public synchronized String toString() {
		StringBuilder text = new StringBuilder("ReservedPortBinding[").append(container.getDockerImageName());
		reservations.forEach((containerPort, reservation) -> text.append(", host ").append(reservation.port()).append(" -> ")
			.append(containerPort).append(reservation.isReleased() ? " (released)" : ""));
		return text.append(']').toString();
	}
}
