package io.github.freeport.logs;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import io.github.freeport.Protocol;
import io.github.freeport.json.JsonWriter;
import org.apiguardian.api.API;

/**
 * A reservation made with {@code Ports} (held by no JUnit scope) that the allocation log noticed ending
 * without {@code close()}, or still open when a launcher session ended. One line of a run's JSON Lines
 * files, with a {@code "kind"}; the fields are explained in {@code docs/logs.md}.
 *
 * @param kind how it was noticed
 * @param id unique within a run, as an allocation event's
 * @param run the run id
 * @param port the reserved port
 * @param protocol its transport
 * @param owner who asked: what the caller named with {@code owner(...)}, else the thread
 * @param reservedBy the first frame outside freeport that reserved it, {@code Class.method(File.java:line)}
 * @param reservedAt when it was reserved
 * @param at when it was noticed: released (leaked, expired) or seen still open
 * @param expireAfter the expiry asked for with {@code expireAfter(...)}, or {@code null}
 * @param pid the process that held it
 * @param fork the build tool's fork or worker id where known, else empty
 */
@API(status = INTERNAL, since = "0.1")
public record LeaseNotice(Kind kind, String id, String run, int port, Protocol protocol, String owner, String reservedBy,
		Instant reservedAt, Instant at, Duration expireAfter, long pid, String fork) implements Comparable<LeaseNotice> {

	/** How a reservation's end was noticed. */
	@API(status = INTERNAL, since = "0.1")
	public enum Kind {
		/** Became unreachable without {@code close()}: released when the garbage collector found it. */
		LEAKED("leaked"),
		/** Reached its {@code expireAfter(...)} without {@code close()}: released by the expiry. */
		EXPIRED("expired"),
		/** Still open when the launcher session ended; the JVM releases it when it exits. */
		STILL_HELD("still-held");

		private final String label;

		Kind(String label) {
			this.label = label;
		}

		/** As written in {@code "kind"}. */
		public String label() {
			return label;
		}

		static Kind of(JsonFields fields) {
			String label = fields.kind();
			for (Kind kind : values()) {
				if (kind.label.equals(label)) {
					return kind;
				}
			}
			throw fields.invalid("kind", "must be one of leaked, expired, still-held but was '" + label + "'");
		}
	}

	public LeaseNotice {
		Objects.requireNonNull(kind, "kind");
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(run, "run");
		Objects.requireNonNull(protocol, "protocol");
		Objects.requireNonNull(owner, "owner");
		Objects.requireNonNull(reservedBy, "reservedBy");
		Objects.requireNonNull(reservedAt, "reservedAt");
		Objects.requireNonNull(at, "at");
		Objects.requireNonNull(fork, "fork");
	}

	/** By the time it was noticed, then by id. */
	@Override
	public int compareTo(LeaseNotice other) {
		int byTime = at.compareTo(other.at);
		return byTime != 0 ? byTime : id.compareTo(other.id);
	}

	/** How long the reservation had been held when it was noticed. */
	public Duration held() {
		return Duration.between(reservedAt, at);
	}

	/** One line of JSON, no line break. */
	public String toJson() {
		JsonWriter json = new JsonWriter(320).beginObject().name("v").value(AllocationEvent.FORMAT_VERSION)
			.name("kind").value(kind.label()).name("id").value(id).name("run").value(run).name("port").value(port)
			.name("protocol").value(protocol.name()).name("owner").value(owner).name("reservedBy").value(reservedBy)
			.name("reservedAt").value(reservedAt.toString()).name("at").value(at.toString()).name("expireAfterMillis");
		if (expireAfter == null) {
			json.value((String) null);
		}
		else {
			json.value(expireAfter.toMillis());
		}
		return json.name("pid").value(pid).name("fork").value(fork).endObject().toString();
	}

	/** Reads a line of one of the {@link Kind kinds}, already parsed. */
	static LeaseNotice fromJson(JsonFields line) {
		JsonFields fields = line.as("lease notice");
		Object expiry = fields.required("expireAfterMillis");
		if (expiry != null && !(expiry instanceof Long)) {
			throw fields.invalid("expireAfterMillis", "must be an integer or null");
		}
		return new LeaseNotice(Kind.of(fields), fields.string("id"), fields.string("run"), (int) fields.number("port"),
			fields.enumValue("protocol", Protocol.class), fields.string("owner"), fields.string("reservedBy"),
			fields.instant(fields.string("reservedAt")), fields.instant(fields.string("at")),
			expiry == null ? null : Duration.ofMillis((Long) expiry), fields.number("pid"), fields.string("fork"));
	}

	/** One line for people: {@code TCP 41234 expired after 30000 ms, reserved by Foo.bar(Foo.java:12) for thread main}. */
	public String describe() {
		String what = switch (kind) {
			case LEAKED -> "was never closed: released when it became unreachable";
			case EXPIRED -> "expired after " + expireAfter.toMillis() + " ms without close(): released";
			case STILL_HELD -> "still open when the launcher session ended";
		};
		return protocol + " port " + port + " " + what + ", held " + RunReport.millis(held()) + "; reserved by "
				+ reservedBy + " for " + owner;
	}
}
