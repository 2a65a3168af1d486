package io.github.freeport.conflicts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.github.freeport.AllocationTrace;
import io.github.freeport.AllocationTrace.Attempt;
import io.github.freeport.AllocationTrace.Refusal;
import io.github.freeport.FreePortException;
import io.github.freeport.Occupation;
import io.github.freeport.PortConflicts;
import io.github.freeport.PortOccupation;
import io.github.freeport.PortReservation;
import io.github.freeport.Ports;
import io.github.freeport.Protocol;
import io.github.freeport.allocation.BindProbe;
import io.github.freeport.allocation.ConnectProbe;
import io.github.freeport.diagnostics.PortHolders;
import io.github.freeport.logs.AllocationEvent;
import io.github.freeport.logs.EventLog;
import io.github.freeport.registry.LeaseOutcome;
import io.github.freeport.testsupport.SystemRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayTests {

	private static final String TEST = "[engine:junit-jupiter]/[class:com.example.ServerTests]/[method:starts(int)]";
	private static final String OTHER = "[engine:junit-jupiter]/[class:com.example.ClientTests]/[method:connects(int)]";

	@Test
	void aReplayedPlanMakesAFreshRequestMeetTheRecordedRefusalsInOrder(@TempDir Path logDir) throws Exception {
		int[] ports = freePorts(7);
		Path run = logDir.resolve("run-1");
		List<Attempt> recordedTcp;
		List<Attempt> recordedBoth;
		// the recorded run: p0 bound (not listening) by an outsider, p1 a phantom lease, p2 held by another
		// process through PortConflicts, p3 leased by another test; p4 free. Then UDP: p5 bound, p6 free.
		try (SocketChannel outsider = SocketChannel.open(StandardProtocolFamily.INET6);
				PortOccupation phantom = PortConflicts.occupy(ports[1], Occupation.LEASED_ONLY);
				PortOccupation otherProcess = PortConflicts.occupy(ports[2], Occupation.LISTENING_IN_OTHER_PROCESS);
				AutoCloseable otherTest = lease(ports[3], OTHER);
				DatagramChannel udpOutsider = DatagramChannel.open(StandardProtocolFamily.INET6)) {
			bind(outsider, ports[0]);
			udpOutsider.setOption(StandardSocketOptions.SO_REUSEADDR, false);
			udpOutsider.bind(new InetSocketAddress(ports[5]));
			recordedTcp = reserveAndLog(run, Protocol.TCP, ports[0], ports[1], ports[2], ports[3], ports[4]);
			recordedBoth = reserveAndLog(run, Protocol.BOTH, ports[5], ports[6]);
		}
		assertThat(recordedTcp).extracting(Attempt::port, Attempt::refusal).containsExactly(
			tuple(ports[0], Refusal.BIND_FAILED), tuple(ports[1], Refusal.LEASED_IN_THIS_JVM),
			tuple(ports[2], Refusal.LEASED_IN_THIS_JVM), tuple(ports[3], Refusal.LEASED_IN_THIS_JVM));
		assertThat(recordedBoth).extracting(Attempt::port, Attempt::refusal).containsExactly(
			tuple(ports[5], Refusal.BIND_FAILED));
		logOtherTest(run, ports[4]);

		ReplayPlan plan = Replay.plan(run, "starts");

		assertThat(plan.test()).isEqualTo(TEST);
		assertThat(plan.eventIds()).hasSize(2);
		assertThat(plan.steps()).extracting(ReplayStep::port, ReplayStep::occupation, ReplayStep::leased).containsExactly(
			tuple(ports[0], Occupation.LISTENING_IN_OTHER_PROCESS, false), tuple(ports[1], Occupation.LEASED_ONLY, true),
			tuple(ports[2], Occupation.LISTENING_IN_OTHER_PROCESS, true), tuple(ports[3], Occupation.LEASED_ONLY, true),
			tuple(ports[5], Occupation.UDP_BOUND, false));
		System.out.println(plan.describe());
		try (ReplayedConflicts busy = plan.occupy()) {
			System.out.println(busy);
			try (PortReservation again = Ports.request().preferred(ports[0], ports[1], ports[2], ports[3], ports[4])
				.owner(TEST).reserve();
					PortReservation againBoth = Ports.request().protocol(Protocol.BOTH).preferred(ports[5], ports[6])
						.owner(TEST).reserve()) {
				System.out.println(again.trace());
				System.out.println(againBoth.trace());
				assertThat(again.port()).isEqualTo(ports[4]);
				assertThat(againBoth.port()).isEqualTo(ports[6]);
				assertThat(again.trace().attempts()).extracting(Attempt::port, Attempt::refusal)
					.containsExactlyElementsOf(recordedTcp.stream().map(a -> tuple(a.port(), a.refusal())).toList());
				assertThat(againBoth.trace().attempts()).extracting(Attempt::port, Attempt::refusal)
					.containsExactlyElementsOf(recordedBoth.stream().map(a -> tuple(a.port(), a.refusal())).toList());
			}
			assertThat(busy.holderPid(ports[0])).as("an outside process holds the bind failure's port")
				.isNotEqualTo(ProcessHandle.current().pid());
			assertThat(ConnectProbe.probe(ports[0])).as("listening").isEmpty();
			assertThat(PortHolders.of(ports[3], Protocol.TCP).describe()).contains("replay of " + OTHER);
		}
		for (int port : new int[] { ports[0], ports[1], ports[2], ports[3] }) {
			assertThat(BindProbe.probe(port, Protocol.TCP)).as("port %d freed", port).isEmpty();
			assertThat(SystemRegistry.registry().holderOf(port, Protocol.TCP)).as("port %d released", port).isEmpty();
		}
		assertThat(BindProbe.probe(ports[5], Protocol.UDP)).isEmpty();
	}

	@Test
	void aBindFailureCanBeReplayedAsBoundButNotListening(@TempDir Path logDir) throws Exception {
		int[] ports = freePorts(2);
		Path run = logDir.resolve("run-2");
		List<Attempt> recorded;
		try (SocketChannel outsider = SocketChannel.open(StandardProtocolFamily.INET6)) {
			bind(outsider, ports[0]);
			recorded = reserveAndLog(run, Protocol.TCP, ports[0], ports[1]);
		}
		ReplayPlan plan = Replay.plan(run).withOccupation(ports[0], Occupation.BOUND_NOT_LISTENING);

		assertThat(plan.steps()).singleElement().satisfies(step -> {
			assertThat(step.occupation()).isEqualTo(Occupation.BOUND_NOT_LISTENING);
			assertThat(step.leased()).isFalse();
			assertThat(step.recordedDetail()).isEqualTo(recorded.get(0).detail());
		});
		try (ReplayedConflicts busy = plan.occupy();
				PortReservation again = Ports.request().preferred(ports[0], ports[1]).reserve()) {
			assertThat(again.trace().attempts()).extracting(Attempt::port, Attempt::refusal)
				.containsExactly(tuple(ports[0], Refusal.BIND_FAILED));
			assertThat(ConnectProbe.probe(ports[0])).as("bound, not listening: refused").isPresent();
		}
		assertThatThrownBy(() -> plan.withOccupation(ports[1], Occupation.LISTENING))
			.isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Port " + ports[1])
			.hasMessageContaining("[" + ports[0] + "]");
	}

	@Test
	void recordedOccupationsAreReCreatedAsTheyWereAndTheTestsOwnLeasesAreLeftOut(@TempDir Path logDir) throws IOException {
		Path file = logDir.resolve("events-4242.jsonl");
		Instant start = Instant.parse("2025-03-04T05:06:08Z");
		Files.writeString(file, event("e-2", TEST, start.plusSeconds(1), 20001, Protocol.TCP,
			new Attempt(20000, Refusal.LEASED_IN_THIS_JVM, TEST),
			new Attempt(20010, Refusal.LEASED_IN_THIS_JVM, "[engine:junit-jupiter]/[class:com.example.ServerTests]"),
			new Attempt(20011, Refusal.LEASED_BY_OTHER_PROCESS,
				"pid 4243 fork 2 (occupied, bound but not listening, for freeport chaos before " + OTHER + ")"),
			new Attempt(20012, Refusal.QUARANTINED, "released by pid 4243 12 ms ago"),
			new Attempt(20013, Refusal.BIND_FAILED, "UDP [::]:20013: Address already in use"),
			new Attempt(20014, Refusal.LEASED_BY_OTHER_PROCESS, "pid 4244 (replay of occupied, UDP-bound, for thread main)"))
				+ event("e-1", TEST, start, 20000, Protocol.TCP,
					new Attempt(20011, Refusal.LEASED_IN_THIS_JVM, "occupied, listening in this JVM, for thread main"))
				+ event("e-3", OTHER, start, 20020, Protocol.TCP) + "not json\n");

		ReplayPlan plan = Replay.plan(file, "ServerTests]/[method:starts");

		assertThat(plan.eventIds()).containsExactly("e-1", "e-2");
		assertThat(plan.steps()).extracting(ReplayStep::port, ReplayStep::occupation, ReplayStep::recordedRefusal)
			.containsExactly(tuple(20011, Occupation.LISTENING, Refusal.LEASED_IN_THIS_JVM),
				tuple(20012, Occupation.LEASED_ONLY, Refusal.QUARANTINED), tuple(20013, Occupation.UDP_BOUND, Refusal.BIND_FAILED),
				tuple(20014, Occupation.UDP_BOUND, Refusal.LEASED_BY_OTHER_PROCESS));
		assertThat(plan.steps().get(1).note()).contains("quarantine");
		assertThat(plan.notes()).anySatisfy(note -> assertThat(note).startsWith("20000 left out"))
			.anySatisfy(note -> assertThat(note).startsWith("20010 left out"))
			.anySatisfy(note -> assertThat(note).startsWith("20011 refused again"))
			.anySatisfy(note -> assertThat(note).contains("line 4 skipped"));
		assertThat(plan.describe()).contains("1. TCP 20011: listening in this JVM, leased").contains("3. UDP 20013: UDP-bound");
	}

	@Test
	void aTestThatIsNotInTheLogIsAnErrorListingTestsThatAre(@TempDir Path logDir) throws IOException {
		Path file = logDir.resolve("events-1.jsonl");
		Instant start = Instant.parse("2025-03-04T05:06:08Z");
		Files.writeString(file, event("e-1", TEST, start, 20001, Protocol.TCP, new Attempt(20000, Refusal.BIND_FAILED, "TCP x"))
				+ event("e-2", OTHER, start, 20002, Protocol.TCP, new Attempt(20003, Refusal.QUARANTINED, "")));

		assertThatThrownBy(() -> Replay.plan(file, "nosuchtest")).isInstanceOf(FreePortException.class)
			.hasMessageContaining("No test matching 'nosuchtest'").hasMessageContaining(TEST).hasMessageContaining(OTHER);
		assertThatThrownBy(() -> Replay.plan(file, "com.example")).hasMessageContaining("2 tests match 'com.example'")
			.hasMessageContaining(TEST).hasMessageContaining(OTHER);
		assertThatThrownBy(() -> Replay.plan(file)).hasMessageContaining("2 tests met busy ports");
		assertThat(Replay.plan(file, OTHER).steps()).extracting(ReplayStep::port).containsExactly(20003);
	}

	@Test
	void anUnreadableLogIsAnErrorSayingWhatWasExpected(@TempDir Path logDir) throws IOException {
		assertThatThrownBy(() -> Replay.plan(logDir.resolve("missing"), "x")).isInstanceOf(FreePortException.class)
			.hasMessageContaining("No freeport allocation log at").hasMessageContaining("missing");
		Path garbage = Files.writeString(logDir.resolve("events-9.jsonl"), "{\"v\":1}\nnot json\n");
		assertThatThrownBy(() -> Replay.plan(garbage, "x")).hasMessageContaining("No readable allocation event")
			.hasMessageContaining("line 1").hasMessageContaining("line 2");
		Path logFolder = logDir.resolve("freeport");
		Files.createDirectories(logFolder.resolve("run-a"));
		Files.writeString(logFolder.resolve("run-a").resolve("events-1.jsonl"),
			event("e-1", TEST, Instant.now(), 20001, Protocol.TCP));
		assertThatThrownBy(() -> Replay.plan(logFolder, "x")).hasMessageContaining("pick one of its run folders")
			.hasMessageContaining("run-a");
	}

	@Test
	void aPortThatCannotBeHadFailsTheWholeReplayNamingItsHolder(@TempDir Path logDir) throws Exception {
		int[] ports = freePorts(3);
		Path file = logDir.resolve("events-1.jsonl");
		Instant start = Instant.now();
		Files.writeString(file, event("e-1", TEST, start, ports[2], Protocol.TCP,
			new Attempt(ports[0], Refusal.LEASED_BY_OTHER_PROCESS, "pid 4243 (" + OTHER + ")"),
			new Attempt(ports[1], Refusal.BIND_FAILED, "TCP [::]:" + ports[1] + ": Address already in use")));
		ReplayPlan plan = Replay.plan(file, TEST).withOccupation(ports[1], Occupation.BOUND_NOT_LISTENING);

		try (PortOccupation leased = PortConflicts.occupy(ports[1], Occupation.LEASED_ONLY)) {
			assertThatThrownBy(plan::occupy).isInstanceOf(FreePortException.class)
				.hasMessageContaining("step 2 of 2").hasMessageContaining("TCP port " + ports[1])
				.hasMessageContaining("the replay would meet a lease").hasMessageContaining("leased in the freeport registry by");
		}
		try (ServerSocketChannel outsider = ServerSocketChannel.open(StandardProtocolFamily.INET6)) {
			// listening, since Linux lists no socket that is only bound in /proc/net/tcp, where PortHolders looks
			outsider.setOption(StandardSocketOptions.SO_REUSEADDR, false);
			outsider.bind(new InetSocketAddress(ports[1]));
			assertThatThrownBy(plan::occupy).hasMessageContaining("binding it failed")
				.hasMessageContaining("TCP port " + ports[1] + ":").hasMessageContaining("by pid " + ProcessHandle.current().pid());
		}
		assertThat(SystemRegistry.registry().holderOf(ports[0], Protocol.TCP)).as("step 1 released after the failure").isEmpty();
		try (ReplayedConflicts busy = plan.occupy()) {
			assertThat(busy.steps()).hasSize(2);
		}
	}

	private static List<Attempt> reserveAndLog(Path run, Protocol protocol, int... preferred) {
		AllocationTrace trace;
		try (PortReservation reservation = Ports.request().protocol(protocol).preferred(preferred).owner(TEST).reserve()) {
			trace = reservation.trace();
		}
		EventLog.append(run, AllocationEvent.of("run-1", "starts(int)", "parameter",
			"parameter [int port] in method [void com.example.ServerTests.starts(int)]", trace));
		return trace.attempts();
	}

	private static void logOtherTest(Path run, int port) {
		try (PortReservation reservation = Ports.request().preferred(port).owner(OTHER).reserve()) {
			EventLog.append(run, AllocationEvent.of("run-1", "connects(int)", "parameter", "parameter [int port]",
				reservation.trace()));
		}
	}

	/** A lease held in this JVM's registry in a test's name, as another test of the run would hold it. */
	private static AutoCloseable lease(int port, String owner) {
		LeaseOutcome outcome = SystemRegistry.registry().tryLease(port, Protocol.TCP, owner);
		assertThat(outcome.isLeased()).as("lease of %d: %s", port, outcome.detail()).isTrue();
		return outcome.lease()::release;
	}

	private static void bind(SocketChannel channel, int port) throws IOException {
		channel.setOption(StandardSocketOptions.SO_REUSEADDR, false);
		channel.bind(new InetSocketAddress(port));
	}

	/** Ports free right now: reserved together, then released. */
	private static int[] freePorts(int count) {
		List<PortReservation> reservations = new ArrayList<>();
		try {
			for (int i = 0; i < count; i++) {
				reservations.add(Ports.reserve());
			}
			return reservations.stream().mapToInt(PortReservation::port).toArray();
		}
		finally {
			reservations.forEach(PortReservation::close);
		}
	}

	private static String event(String id, String test, Instant start, int port, Protocol protocol, Attempt... attempts) {
		return new AllocationEvent(id, "run-1", test, test.substring(test.lastIndexOf(':') + 1), "parameter", "element",
			port, protocol, "preferred", List.of(attempts), start, Duration.ofMillis(1), Duration.ZERO,
			start.plusSeconds(1), 4242, "", List.of()).toJson() + "\n";
	}

}
