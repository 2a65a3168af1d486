package io.github.freeport.logs;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

import io.github.freeport.AllocationTrace;
import io.github.freeport.AllocationTrace.Attempt;
import io.github.freeport.AllocationTrace.Refusal;
import io.github.freeport.Protocol;
import io.github.freeport.json.JsonWriter;
import org.apiguardian.api.API;

/**
 * One reservation, as logged when it is released: who asked (test and declaration), what was handed out,
 * how it was found, and when it was held. One line of a run's JSON Lines files; the fields are explained
 * in {@code docs/logs.md}.
 *
 * @param id unique within a run: {@code <pid>-<jvm start, base 36>-<sequence>}
 * @param run the run id shared by all forks of one build
 * @param test the JUnit unique id of the test or container whose scope held the port
 * @param displayName that test's display name
 * @param scope where the port was declared: {@code parameter}, {@code constructor}, {@code instance field},
 * {@code static field}
 * @param element the declaration, e.g. {@code parameter [int port] in method [void ServerTests.starts(int)]}
 * @param port the port handed out
 * @param protocol its transport
 * @param strategy how candidates were chosen
 * @param attempts the refused candidates, in order
 * @param startedAt when the allocation started
 * @param duration how long it took, waits included
 * @param waited how long of that was spent waiting for releases in an exhausted range
 * @param releasedAt when the reservation was released, or {@code null}
 * @param pid the process that held it
 * @param fork the build tool's fork or worker id where known, else empty
 * @param uses what the port was used for, e.g. a container's port mapping (absent from older lines: empty)
 */
@API(status = INTERNAL, since = "0.1")
public record AllocationEvent(String id, String run, String test, String displayName, String scope, String element,
		int port, Protocol protocol, String strategy, List<Attempt> attempts, Instant startedAt, Duration duration,
		Duration waited, Instant releasedAt, long pid, String fork, List<String> uses) implements Comparable<AllocationEvent> {

	/** The JSON Lines format's version, written as {@code "v"}; readers skip lines of a later version. */
	public static final int FORMAT_VERSION = 1;

	private static final AtomicLong SEQUENCE = new AtomicLong();
	/** Tells JVMs that reused a pid apart: when this JVM logged first (its start would cost reading /proc). */
	private static final String JVM = Long.toString(System.currentTimeMillis(), 36);

	public AllocationEvent {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(run, "run");
		Objects.requireNonNull(test, "test");
		Objects.requireNonNull(displayName, "displayName");
		Objects.requireNonNull(scope, "scope");
		Objects.requireNonNull(element, "element");
		Objects.requireNonNull(protocol, "protocol");
		Objects.requireNonNull(strategy, "strategy");
		attempts = List.copyOf(attempts);
		Objects.requireNonNull(startedAt, "startedAt");
		Objects.requireNonNull(duration, "duration");
		Objects.requireNonNull(waited, "waited");
		Objects.requireNonNull(fork, "fork");
		uses = List.copyOf(uses);
	}

	/** The event of a reservation, with a fresh id; the trace's release time as it is now. */
	public static AllocationEvent of(String run, String displayName, String scope, String element, AllocationTrace trace) {
		return of(run, trace.owner(), displayName, scope, element, trace);
	}

	/** As {@link #of(String, String, String, String, AllocationTrace)}, for a test other than the lease's owner. */
	public static AllocationEvent of(String run, String test, String displayName, String scope, String element,
			AllocationTrace trace) {
		return new AllocationEvent(nextId(trace.pid()), run, test, displayName, scope, element, trace.port(), trace.protocol(),
			trace.strategy(), trace.attempts(), trace.startedAt(), trace.duration(), trace.waited(), trace.releasedAt(),
			trace.pid(), trace.fork(), trace.uses());
	}

	/** A fresh id for a line of this JVM's log: {@code <pid>-<jvm start, base 36>-<sequence>}. */
	static String nextId(long pid) {
		return pid + "-" + JVM + "-" + SEQUENCE.incrementAndGet();
	}

	/** By start, then by id: the order of a run's events in reports and replays. */
	@Override
	public int compareTo(AllocationEvent other) {
		int byStart = startedAt.compareTo(other.startedAt);
		return byStart != 0 ? byStart : id.compareTo(other.id);
	}

	/** When the lease ended for the timeline: the release, else the end of the allocation. */
	Instant endedAt() {
		return releasedAt != null ? releasedAt : startedAt.plus(duration);
	}

	/** One line of JSON, no line break. */
	public String toJson() {
		// room for the whole line at once: the test's id and the element are long, and growing copies it all
		JsonWriter json = new JsonWriter(320 + id.length() + run.length() + test.length() + displayName.length()
				+ element.length() + strategy.length() + attempts.size() * 96).beginObject().name("v").value(FORMAT_VERSION)
			.name("id").value(id).name("run").value(run).name("test").value(test).name("displayName").value(displayName)
			.name("scope").value(scope).name("element").value(element).name("port").value(port)
			.name("protocol").value(protocol.name()).name("strategy").value(strategy).name("attempts").beginArray();
		for (Attempt attempt : attempts) {
			json.beginObject().name("port").value(attempt.port()).name("refusal").value(attempt.refusal().name())
				.name("detail").value(attempt.detail()).endObject();
		}
		json.endArray().name("startedAt").value(UtcTimes.iso(startedAt)).name("durationMicros").value(micros(duration))
			.name("waitedMicros").value(micros(waited)).name("releasedAt").value(releasedAt == null ? null : UtcTimes.iso(releasedAt))
			.name("pid").value(pid).name("fork").value(fork);
		if (!uses.isEmpty()) {
			json.name("uses").beginArray();
			for (String use : uses) {
				json.value(use);
			}
			json.endArray();
		}
		return json.endObject().toString();
	}

	private static long micros(Duration duration) {
		return duration.toNanos() / 1000;
	}

	/**
	 * Reads a line written by {@link #toJson()}.
	 *
	 * @throws IllegalArgumentException naming what is wrong with the line
	 */
	public static AllocationEvent fromJson(String line) {
		JsonFields fields = JsonFields.of(line, "allocation event");
		if (!fields.kind().equals(JsonFields.ALLOCATION)) {
			throw new IllegalArgumentException("Not an allocation event but a '" + fields.kind() + "' line: "
					+ JsonFields.shorten(line));
		}
		return fromJson(fields);
	}

	/** Reads a line already parsed, whose version and kind are checked. */
	static AllocationEvent fromJson(JsonFields fields) {
		List<Attempt> attempts = new ArrayList<>();
		for (Object item : fields.list("attempts")) {
			JsonFields attempt = fields.object(item, "attempts");
			attempts.add(new Attempt((int) attempt.number("port"), attempt.enumValue("refusal", Refusal.class),
				attempt.string("detail")));
		}
		String released = fields.nullableString("releasedAt");
		return new AllocationEvent(fields.string("id"), fields.string("run"), fields.string("test"),
			fields.string("displayName"), fields.string("scope"), fields.string("element"), (int) fields.number("port"),
			fields.enumValue("protocol", Protocol.class), fields.string("strategy"), attempts,
			fields.instant(fields.string("startedAt")), Duration.ofNanos(fields.number("durationMicros") * 1000),
			Duration.ofNanos(fields.number("waitedMicros") * 1000), released == null ? null : fields.instant(released),
			fields.number("pid"), fields.string("fork"), fields.has("uses") ? fields.strings("uses") : List.of());
	}

	/** A few lines for people: the attached text file of a test. */
	public String toText() {
		StringBuilder out = new StringBuilder();
		out.append("freeport reservation ").append(id).append(" (run ").append(run).append(")\n");
		out.append("port:      ").append(protocol).append(' ').append(port).append('\n');
		out.append("test:      ").append(displayName).append("  ").append(test).append('\n');
		out.append("scope:     ").append(scope).append(": ").append(element).append('\n');
		out.append("strategy:  ").append(strategy).append('\n');
		out.append("took:      ").append(micros(duration)).append(" µs");
		if (!waited.isZero()) {
			out.append(", of which ").append(waited.toMillis()).append(" ms waiting for releases (range exhausted)");
		}
		out.append('\n');
		out.append("leased:    ").append(startedAt).append('\n');
		out.append("released:  ").append(releasedAt == null ? "not yet" : releasedAt.toString()).append('\n');
		out.append("process:   pid ").append(pid).append(fork.isEmpty() ? "" : ", fork " + fork).append('\n');
		out.append("refused:   ").append(attempts.size()).append(attempts.isEmpty() ? " (first candidate taken)" : "")
			.append('\n');
		for (Attempt attempt : attempts) {
			out.append("  ").append(attempt).append('\n');
		}
		for (String use : uses) {
			out.append("used by:   ").append(use).append('\n');
		}
		return out.toString();
	}

	/** The report entry of a test: short values, plus the whole event as JSON. */
	public Map<String, String> toReportEntry() {
		return toReportEntry(toJson());
	}

	/** As {@link #toReportEntry()}, with this event's {@link #toJson()} already made. */
	public Map<String, String> toReportEntry(String json) {
		Map<String, String> entry = new LinkedHashMap<>();
		entry.put("freeport.port", protocol + " " + port);
		entry.put("freeport.scope", scope + ": " + element);
		StringBuilder refused = new StringBuilder().append(attempts.size());
		for (int i = 0; i < Math.min(5, attempts.size()); i++) {
			refused.append(i == 0 ? ": " : ", ").append(attempts.get(i));
		}
		entry.put("freeport.refused", refused.append(attempts.size() > 5 ? ", ..." : "").toString());
		entry.put("freeport.duration", micros(duration) + " µs" + (waited.isZero() ? "" : " (waited " + waited.toMillis()
				+ " ms)"));
		entry.put("freeport.event", json);
		return entry;
	}
}
