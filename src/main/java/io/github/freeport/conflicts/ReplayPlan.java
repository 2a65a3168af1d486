package io.github.freeport.conflicts;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;
import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

import io.github.freeport.FreePortException;
import io.github.freeport.Occupation;
import io.github.freeport.allocators.Allocators;
import io.github.freeport.config.Configuration;
import io.github.freeport.diagnostics.PortHolders;
import io.github.freeport.registry.FileLockRegistry;
import io.github.freeport.registry.Holder;
import io.github.freeport.registry.Lease;
import io.github.freeport.registry.LeaseOutcome;
import org.apiguardian.api.API;

/**
 * The busy ports one test met in a recorded run, in the order it met them, ready to be re-created with
 * {@link #occupy()}. Made by {@link Replay#plan(Path, String)}; immutable.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class ReplayPlan {

	private final Path log;
	private final String test;
	private final List<String> eventIds;
	private final List<ReplayStep> steps;
	private final List<String> notes;

	ReplayPlan(Path log, String test, List<String> eventIds, List<ReplayStep> steps, List<String> notes) {
		this.log = Objects.requireNonNull(log, "log");
		this.test = Objects.requireNonNull(test, "test");
		this.eventIds = List.copyOf(eventIds);
		this.steps = List.copyOf(steps);
		this.notes = List.copyOf(notes);
	}

	/** The run folder or events file the plan was read from. */
	public Path log() {
		return log;
	}

	/** The JUnit unique id of the test whose conflicts are replayed. */
	public String test() {
		return test;
	}

	/** The ids of the test's allocation events the steps come from, in time order. */
	public List<String> eventIds() {
		return eventIds;
	}

	/** The ports to make busy, in the order the test met them; empty when it met none. */
	public List<ReplayStep> steps() {
		return steps;
	}

	/** What the plan leaves out and why: the test's own leases, repeated refusals, unreadable log lines. */
	public List<String> notes() {
		return notes;
	}

	/**
	 * This plan with the step for {@code port} kept busy another way, e.g. {@link Occupation#BOUND_NOT_LISTENING}
	 * for a recorded bind failure whose holder was known not to listen.
	 *
	 * @throws IllegalArgumentException naming the plan's ports when {@code port} is not one of them
	 */
	public ReplayPlan withOccupation(int port, Occupation occupation) {
		Objects.requireNonNull(occupation, "occupation");
		if (steps.stream().noneMatch(step -> step.port() == port)) {
			throw new IllegalArgumentException("Port " + port + " is not in the replay plan of " + test + "; its ports are "
					+ steps.stream().map(step -> String.valueOf(step.port())).collect(Collectors.joining(", ", "[", "]")));
		}
		List<ReplayStep> changed = steps.stream()
			.map(step -> step.port() == port ? step.withOccupation(occupation) : step)
			.collect(Collectors.toList());
		return new ReplayPlan(log, test, eventIds, changed, notes);
	}

	/** Several lines for people: the test, each step in order, then the notes. */
	public String describe() {
		StringBuilder text = new StringBuilder("Replay of ").append(test).append("\n  from ").append(log).append(" (")
			.append(eventIds.size()).append(eventIds.size() == 1 ? " allocation event)" : " allocation events)");
		if (steps.isEmpty()) {
			text.append("\n  no busy port to re-create: the test met none that it does not take itself");
		}
		for (int i = 0; i < steps.size(); i++) {
			text.append("\n  ").append(i + 1).append(". ").append(steps.get(i).describe());
		}
		notes.forEach(note -> text.append("\n  (").append(note).append(')'));
		return text.toString();
	}

	@Override
	public String toString() {
		return describe();
	}

	/**
	 * Makes every port of the plan busy, in order, with the registry configured by system properties and
	 * environment variables; all or nothing.
	 *
	 * @return the busy ports; closing it frees them all
	 * @throws FreePortException naming the port and its current holders when a port cannot be had (the ports
	 *         already occupied are released first)
	 */
	public ReplayedConflicts occupy() {
		return occupy(Configuration.fromSystem());
	}

	/** As {@link #occupy()}, with the registry of the given configuration. */
	@API(status = INTERNAL, since = "0.1")
	public ReplayedConflicts occupy(Configuration configuration) {
		FileLockRegistry registry = Allocators.forConfiguration(configuration).registry();
		List<ReplayedConflicts.Held> held = new ArrayList<>();
		for (int i = 0; i < steps.size(); i++) {
			ReplayStep step = steps.get(i);
			try {
				held.add(occupy(registry, step));
			}
			catch (StepRefused e) {
				ReplayedConflicts.closeAll(held);
				throw new FreePortException("Cannot replay step " + (i + 1) + " of " + steps.size() + " for " + test + ", "
						+ step.protocol() + " port " + step.port() + " (" + step.occupation().describe()
						+ (step.leased() ? "" : ", outside the registry") + "): " + e.getMessage() + ". Its holders now: "
						+ holders(step, configuration) + "\nThe ports occupied before it were released; stop that holder,"
						+ " or replay where the port is free.", e.getCause());
			}
		}
		return new ReplayedConflicts(this, held);
	}

	private static ReplayedConflicts.Held occupy(FileLockRegistry registry, ReplayStep step) throws StepRefused {
		Lease lease = null;
		if (step.leased()) {
			LeaseOutcome outcome = registry.tryLease(step.port(), step.protocol(), step.holderName());
			if (!outcome.isLeased()) {
				throw new StepRefused("it is " + ReplayStep.label(outcome.refusal()) + " (" + outcome.detail() + ")", null);
			}
			lease = outcome.lease();
		}
		else {
			// the recorded holder was outside the registry: a lease here would turn the bind failure into a lease refusal
			Holder holder = registry.holderOf(step.port(), step.protocol()).orElse(null);
			if (holder != null) {
				throw new StepRefused("it is leased in the freeport registry by " + holder
						+ ", so the replay would meet a lease, not the recorded bind failure", null);
			}
		}
		try {
			return new ReplayedConflicts.Held(step, lease, PortOccupier.start(step.occupation(), step.port()));
		}
		catch (IOException | RuntimeException e) {
			if (lease != null) {
				lease.release();
			}
			throw new StepRefused("binding it failed with \"" + e.getMessage() + "\"", e);
		}
	}

	private static String holders(ReplayStep step, Configuration configuration) {
		try {
			return PortHolders.of(step.port(), step.protocol(), configuration).describe();
		}
		catch (RuntimeException e) {
			return "unknown (" + e + ")";
		}
	}

	/** Why one step could not be occupied; becomes the plan's error, which names the step and the holders. */
	private static final class StepRefused extends Exception {

		private static final long serialVersionUID = 1L;

		StepRefused(String message, Throwable cause) {
			super(message, cause);
		}
	}
}
