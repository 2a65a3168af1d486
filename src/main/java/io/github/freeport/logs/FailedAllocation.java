package io.github.freeport.logs;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.github.freeport.PortsExhaustedException;
import io.github.freeport.Protocol;
import io.github.freeport.json.JsonWriter;
import org.apiguardian.api.API;

/**
 * An allocation that failed: what was asked for, by which test and declaration, how it ended and the
 * error's message, with the holders the error named. One line of a run's JSON Lines files, with
 * {@code "kind":"failed"}; the fields are explained in {@code docs/logs.md}.
 *
 * @param id unique within a run, as an allocation event's
 * @param run the run id
 * @param test the JUnit unique id of the test or container that asked, or the owner of a programmatic request
 * @param displayName that test's display name, or empty
 * @param scope where the port was declared ({@code parameter}, {@code static field}, ...), or {@code programmatic}
 * @param element the declaration, or for a programmatic request the frame that made it
 * @param protocol the transport asked for
 * @param range the range asked for, as given (it may be the invalid text that failed)
 * @param preferred the preferred ports asked for
 * @param count how many ports were asked for
 * @param contiguous whether as a block of consecutive ports
 * @param outcome how it failed
 * @param message the error's message
 * @param holders each holder the error named, with the ports it held (for an exhausted range)
 * @param at when it failed
 * @param pid the process that asked
 * @param fork the build tool's fork or worker id where known, else empty
 */
@API(status = INTERNAL, since = "0.1")
public record FailedAllocation(String id, String run, String test, String displayName, String scope, String element,
		Protocol protocol, String range, List<Integer> preferred, int count, boolean contiguous, Outcome outcome,
		String message, Map<String, List<Integer>> holders, Instant at, long pid, String fork)
		implements Comparable<FailedAllocation> {

	/** The value of {@code "kind"} for these lines. */
	static final String KIND = "failed";

	/** How an allocation failed. */
	@API(status = INTERNAL, since = "0.1")
	public enum Outcome {
		/** Every candidate was refused until the exhaustion timeout: {@link PortsExhaustedException}. */
		EXHAUSTED("exhausted"),
		/** The request could not be served as asked: an invalid attribute, type, range or configuration value. */
		INVALID("invalid request"),
		/** The thread was interrupted while it waited for a port. */
		INTERRUPTED("interrupted"),
		/** Anything else, e.g. a registry folder that cannot be used. */
		FAILED("failed");

		private final String label;

		Outcome(String label) {
			this.label = label;
		}

		/** For people: {@code exhausted}, {@code invalid request}, {@code interrupted}, {@code failed}. */
		public String label() {
			return label;
		}

		/** How the failure {@code error} ended an allocation. */
		public static Outcome of(Throwable error) {
			for (Throwable cause = error; cause != null; cause = cause.getCause()) {
				if (cause instanceof PortsExhaustedException) {
					return EXHAUSTED;
				}
				if (cause instanceof InterruptedException || cause instanceof java.nio.channels.ClosedByInterruptException
						|| String.valueOf(cause.getMessage()).startsWith("Interrupted while ")) {
					return INTERRUPTED;
				}
			}
			for (Throwable cause = error; cause != null; cause = cause.getCause()) {
				// JUnit's exceptions by name: a programmatic failure must not load JUnit
				String type = cause.getClass().getName();
				String message = String.valueOf(cause.getMessage());
				if (cause instanceof IllegalArgumentException
						|| type.equals("org.junit.jupiter.api.extension.ExtensionConfigurationException")
						|| type.equals("org.junit.jupiter.api.extension.ParameterResolutionException")
						|| message.startsWith("Invalid ") || message.startsWith("Unknown configuration key")) {
					return INVALID;
				}
			}
			return FAILED;
		}
	}

	public FailedAllocation {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(run, "run");
		Objects.requireNonNull(test, "test");
		Objects.requireNonNull(displayName, "displayName");
		Objects.requireNonNull(scope, "scope");
		Objects.requireNonNull(element, "element");
		Objects.requireNonNull(protocol, "protocol");
		Objects.requireNonNull(range, "range");
		preferred = List.copyOf(preferred);
		Objects.requireNonNull(outcome, "outcome");
		Objects.requireNonNull(message, "message");
		Map<String, List<Integer>> copy = new LinkedHashMap<>();
		holders.forEach((holder, ports) -> copy.put(holder, List.copyOf(ports)));
		holders = java.util.Collections.unmodifiableMap(copy);
		Objects.requireNonNull(at, "at");
		Objects.requireNonNull(fork, "fork");
	}

	/** A fresh id for a failure logged by this JVM. */
	public static String newId(long pid) {
		return AllocationEvent.nextId(pid);
	}

	/** The holders an error named: those of a {@link PortsExhaustedException} in its cause chain, else none. */
	public static Map<String, List<Integer>> holdersNamedBy(Throwable error) {
		for (Throwable cause = error; cause != null; cause = cause.getCause()) {
			if (cause instanceof PortsExhaustedException exhausted) {
				return exhausted.holders();
			}
		}
		return Map.of();
	}

	/** By time, then by id. */
	@Override
	public int compareTo(FailedAllocation other) {
		int byTime = at.compareTo(other.at);
		return byTime != 0 ? byTime : id.compareTo(other.id);
	}

	/** What was asked for: {@code 2 contiguous TCP ports in 20000-20009 preferring [8080]}. */
	public String request() {
		return (count == 1 ? "a " + protocol + " port" : count + (contiguous ? " contiguous " : " ") + protocol + " ports")
				+ " in " + range + (preferred.isEmpty() ? "" : " preferring " + preferred);
	}

	/** One line of JSON, no line break. */
	public String toJson() {
		JsonWriter json = new JsonWriter(512 + message.length()).beginObject().name("v").value(AllocationEvent.FORMAT_VERSION)
			.name("kind").value(KIND).name("id").value(id).name("run").value(run).name("test").value(test)
			.name("displayName").value(displayName).name("scope").value(scope).name("element").value(element)
			.name("protocol").value(protocol.name()).name("range").value(range).name("preferred").beginArray();
		preferred.forEach(port -> json.value(port));
		json.endArray().name("count").value(count).name("contiguous").value(contiguous).name("outcome").value(outcome.name())
			.name("message").value(message).name("holders").beginArray();
		holders.forEach((holder, ports) -> {
			json.beginObject().name("holder").value(holder).name("ports").beginArray();
			ports.forEach(port -> json.value(port));
			json.endArray().endObject();
		});
		return json.endArray().name("at").value(at.toString()).name("pid").value(pid).name("fork").value(fork).endObject()
			.toString();
	}

	/** Reads a line of kind {@value #KIND}, already parsed. */
	static FailedAllocation fromJson(JsonFields line) {
		JsonFields fields = line.as("failed allocation");
		Map<String, List<Integer>> holders = new LinkedHashMap<>();
		for (Object item : fields.list("holders")) {
			JsonFields holder = fields.object(item, "holders");
			holders.put(holder.string("holder"), holder.integers("ports"));
		}
		if (!(fields.required("contiguous") instanceof Boolean contiguous)) {
			throw fields.invalid("contiguous", "must be true or false");
		}
		return new FailedAllocation(fields.string("id"), fields.string("run"), fields.string("test"),
			fields.string("displayName"), fields.string("scope"), fields.string("element"),
			fields.enumValue("protocol", Protocol.class), fields.string("range"), new ArrayList<>(fields.integers("preferred")),
			(int) fields.number("count"), contiguous, fields.enumValue("outcome", Outcome.class), fields.string("message"),
			holders, fields.instant(fields.string("at")), fields.number("pid"), fields.string("fork"));
	}

	/** The report entry of the test that asked: short values, plus the whole line as JSON. */
	public Map<String, String> toReportEntry() {
		Map<String, String> entry = new LinkedHashMap<>();
		entry.put("freeport.failed", outcome.label() + ": " + request());
		entry.put("freeport.scope", scope + ": " + element);
		entry.put("freeport.error", message);
		entry.put("freeport.event", toJson());
		return entry;
	}
}
