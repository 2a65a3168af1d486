package io.github.freeport.logs;

import java.time.Instant;

import io.github.freeport.Protocol;
import io.github.freeport.json.JsonMembers;

/**
 * An allocation event's line as the run report reads it: the few values it counts, read where the line lies,
 * and the whole event only when asked ({@link #event()}), which most lines of a large run never are. A line of
 * the usual shape (no refused candidates, no uses, plain test id, times as freeport writes them) is checked
 * field by field as {@link AllocationEvent#fromJson} checks it; any other line is read by {@code fromJson}
 * itself, so both accept and refuse the same lines, with the same messages. One instance reads line after
 * line: its values are those of the last line read.
 *
 * <p>A line laid out as {@link AllocationEvent#toJson()} writes it, which is nearly every line, is read by
 * position: its members' names are compared with the writer's, in order. That is exact, the names being
 * distinct (no later member of the same name can override one), and costs less than finding each by name.
 */
final class AllocationLine {

	private static final byte[][] PROTOCOLS = ascii(Protocol.TCP.name(), Protocol.UDP.name(), Protocol.BOTH.name());
	/** The string members {@code fromJson} requires, but for those read here. */
	private static final String[] STRINGS = { "id", "run", "displayName", "scope", "element", "strategy" };
	/** The members as {@link AllocationEvent#toJson()} writes them, in order, when it has no {@code uses}. */
	private static final byte[][] WRITTEN = ascii("v", "id", "run", "test", "displayName", "scope", "element", "port",
		"protocol", "strategy", "attempts", "startedAt", "durationMicros", "waitedMicros", "releasedAt", "pid", "fork");
	/** Where the writer puts the members of {@link #STRINGS}. */
	private static final int[] WRITTEN_STRINGS = { 1, 2, 4, 5, 6, 9 };

	private JsonMembers members;
	private JsonFields fields;
	private AllocationEvent event;
	private Instant startedAt;
	private Instant releasedAt;
	private long durationNanos;
	private long waitedNanos;
	private long pid;
	private String fork;
	private int refused;
	private int testStart;
	private int testEnd;

	private static byte[][] ascii(String... names) {
		byte[][] bytes = new byte[names.length][];
		for (int i = 0; i < names.length; i++) {
			bytes[i] = names[i].getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
		}
		return bytes;
	}

	/**
	 * Reads the line that {@code members} holds if it is an allocation event as the writer lays it out, of the
	 * usual shape and this format version.
	 *
	 * @return whether it is; if not, nothing is read, and {@link #read} takes the line
	 */
	boolean readWritten(JsonMembers members) {
		if (members.count() != WRITTEN.length) {
			return false;
		}
		for (int member = 0; member < WRITTEN.length; member++) {
			if (!members.nameIs(member, WRITTEN[member])) {
				return false;
			}
		}
		if (!members.isInteger(0) || members.integer(0) != AllocationEvent.FORMAT_VERSION) {
			return false;
		}
		for (int member : WRITTEN_STRINGS) {
			if (members.kind(member) != '"') {
				return false;
			}
		}
		this.members = members;
		this.fields = null;
		this.event = null;
		return readUsualValues(3, 7, 8, 10, 11, 12, 13, 14, 15, 16);
	}

	/**
	 * Reads the line that {@code members} holds, already found to be an allocation event of this format version.
	 *
	 * @throws IllegalArgumentException naming what is wrong with the line, as {@link AllocationEvent#fromJson} does
	 */
	void read(JsonMembers members, JsonFields fields) {
		this.members = members;
		this.fields = fields;
		this.event = null;
		if (!readUsualShape()) {
			event = AllocationEvent.fromJson(fields);
			startedAt = event.startedAt();
			releasedAt = event.releasedAt();
			durationNanos = event.duration().toNanos();
			waitedNanos = event.waited().toNanos();
			pid = event.pid();
			fork = event.fork();
			refused = event.attempts().size();
		}
	}

	/** Whether the line has the usual shape, every field as {@code fromJson} would accept it; its values read if so. */
	private boolean readUsualShape() {
		for (String name : STRINGS) {
			int member = members.find(name);
			if (member < 0 || members.kind(member) != '"') {
				return false;
			}
		}
		if (members.find("uses") >= 0) {
			return false;
		}
		return readUsualValues(members.find("test"), members.find("port"), members.find("protocol"),
			members.find("attempts"), members.find("startedAt"), members.find("durationMicros"), members.find("waitedMicros"),
			members.find("releasedAt"), members.find("pid"), members.find("fork"));
	}

	/** Reads the values of a line of the usual shape, given where its members are (-1: absent); whether it is one. */
	private boolean readUsualValues(int test, int port, int protocol, int attempts, int started, int duration, int waited,
			int released, int process, int forkMember) {
		if (test < 0 || !members.isPlainString(test) || port < 0 || !members.isInteger(port) || protocol < 0
				|| !isProtocol(protocol) || attempts < 0 || members.kind(attempts) != '['
				|| members.contentEnd(attempts) - members.contentStart(attempts) != 2 || started < 0
				|| !members.isPlainString(started) || duration < 0 || !members.isInteger(duration) || waited < 0
				|| !members.isInteger(waited) || process < 0 || !members.isInteger(process) || forkMember < 0
				|| members.kind(forkMember) != '"') {
			return false;
		}
		byte[] bytes = members.bytes();
		startedAt = UtcTimes.parse(bytes, members.contentStart(started), members.contentEnd(started));
		if (startedAt == null) {
			return false;
		}
		releasedAt = null;
		if (released >= 0 && members.kind(released) != 'n') {
			if (!members.isPlainString(released)) {
				return false;
			}
			releasedAt = UtcTimes.parse(bytes, members.contentStart(released), members.contentEnd(released));
			if (releasedAt == null) {
				return false;
			}
		}
		durationNanos = members.integer(duration) * 1000; // as fromJson makes the Duration
		waitedNanos = members.integer(waited) * 1000;
		pid = members.integer(process);
		fork = members.string(forkMember);
		refused = 0;
		testStart = members.contentStart(test);
		testEnd = members.contentEnd(test);
		return true;
	}

	private boolean isProtocol(int member) {
		for (byte[] protocol : PROTOCOLS) {
			if (members.stringIs(member, protocol)) {
				return true;
			}
		}
		return false;
	}

	/** The whole event, read when first asked for. */
	AllocationEvent event() {
		if (event == null) {
			event = AllocationEvent.fromJson(fields != null ? fields : JsonFields.of(members, "allocation event"));
		}
		return event;
	}

	/** Adds the line's test to those counted. */
	void countTest(DistinctHashes tests) {
		if (event != null) {
			tests.add(event.test());
		}
		else {
			tests.add(members.bytes(), testStart, testEnd);
		}
	}

	Instant startedAt() {
		return startedAt;
	}

	/** When the lease ended for the timeline: the release, else the end of the allocation. */
	Instant endedAt() {
		return releasedAt != null ? releasedAt : startedAt.plusNanos(durationNanos);
	}

	long durationNanos() {
		return durationNanos;
	}

	long waitedNanos() {
		return waitedNanos;
	}

	long pid() {
		return pid;
	}

	String fork() {
		return fork;
	}

	/** How many candidates it refused. */
	int refused() {
		return refused;
	}
}
