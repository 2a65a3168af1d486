package io.github.freeport.logs;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.github.freeport.config.Configuration;
import io.github.freeport.config.Configuration.Setting;
import io.github.freeport.config.Keys;
import io.github.freeport.config.Origin;
import io.github.freeport.json.JsonWriter;
import org.apiguardian.api.API;

/**
 * The effective configuration of one fork in a run: every key with its value and where it came from, and
 * the OS ephemeral range, in a file of its own beside the fork's events ({@code configuration-<pid>.json},
 * written with its first event). The run report shows the forks' side by side, so that a fork configured
 * differently stands out.
 *
 * @param id unique within a run, as an allocation event's
 * @param run the run id
 * @param pid the fork's process
 * @param fork the build tool's fork or worker id where known, else empty
 * @param at when it was written
 * @param settings each key of the configuration table, in its order
 * @param ephemeralRange the OS ephemeral range and where it was read, e.g. {@code 32768-60999 (/proc/sys/net/ipv4/ip_local_port_range)}
 */
@API(status = INTERNAL, since = "0.1")
public record ForkConfiguration(String id, String run, long pid, String fork, Instant at, List<Setting> settings,
		String ephemeralRange) implements Comparable<ForkConfiguration> {

	static final String FILE_PREFIX = "configuration-";
	static final String FILE_SUFFIX = ".json";

	public ForkConfiguration {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(run, "run");
		Objects.requireNonNull(fork, "fork");
		Objects.requireNonNull(at, "at");
		settings = List.copyOf(settings);
		Objects.requireNonNull(ephemeralRange, "ephemeralRange");
	}

	/** The configuration of this JVM, as a run folder's line. */
	static ForkConfiguration of(String run, Configuration configuration, long pid, String ephemeralRange) {
		List<Setting> settings = configuration.effective();
		String fork = "";
		for (Setting setting : settings) { // a loop, not a stream: written with a fork's first event
			if (setting.key().equals(Keys.FORK)) {
				fork = setting.value();
				break;
			}
		}
		return new ForkConfiguration(AllocationEvent.nextId(pid), run, pid, fork, Instant.now(), settings, ephemeralRange);
	}

	/** By the time it was written, then by id: the order in which the forks first logged. */
	@Override
	public int compareTo(ForkConfiguration other) {
		int byTime = at.compareTo(other.at);
		return byTime != 0 ? byTime : id.compareTo(other.id);
	}

	/** {@code pid 4242 fork 1}, as the report names forks. */
	public String forkName() {
		return "pid " + pid + (fork.isEmpty() ? "" : " fork " + fork);
	}

	/** One line of JSON, no line break. */
	public String toJson() {
		JsonWriter json = new JsonWriter(2048).beginObject().name("v").value(AllocationEvent.FORMAT_VERSION).name("id").value(id).name("run").value(run).name("pid").value(pid).name("fork")
			.value(fork).name("at").value(UtcTimes.iso(at)).name("settings").beginArray();
		for (Setting setting : settings) {
			json.beginObject().name("key").value(setting.key()).name("value").value(setting.value()).name("origin")
				.value(setting.origin().name()).name("source").value(setting.source()).endObject();
		}
		return json.endArray().name("ephemeralRange").value(ephemeralRange).endObject().toString();
	}

	/**
	 * Reads what {@link #toJson()} wrote.
	 *
	 * @throws IllegalArgumentException naming what is wrong with it
	 */
	public static ForkConfiguration fromJson(String json) {
		JsonFields fields = JsonFields.of(json, "fork configuration");
		List<Setting> settings = new ArrayList<>();
		for (Object item : fields.list("settings")) {
			JsonFields setting = fields.object(item, "settings");
			settings.add(new Setting(setting.string("key"), setting.string("value"), setting.enumValue("origin", Origin.class),
				setting.string("source")));
		}
		return new ForkConfiguration(fields.string("id"), fields.string("run"), fields.number("pid"), fields.string("fork"),
			fields.instant(fields.string("at")), settings, fields.string("ephemeralRange"));
	}
}
