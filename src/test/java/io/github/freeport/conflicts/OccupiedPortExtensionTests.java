package io.github.freeport.conflicts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.freeport.Occupation;
import io.github.freeport.OccupiedPort;
import io.github.freeport.PortOccupation;
import io.github.freeport.PortReservation;
import io.github.freeport.Ports;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

class OccupiedPortExtensionTests {

	@Test
	void injectsEveryTypeAndFreesThePortsWhenTheScopesEnd() {
		InjectionTestCase.seen.clear();
		EngineExecutionResults results = execute(InjectionTestCase.class);
		results.testEvents().assertStatistics(stats -> stats.succeeded(1).failed(0));
		assertThat(InjectionTestCase.seen).hasSize(4).doesNotHaveDuplicates();
		for (int port : InjectionTestCase.seen) {
			try (PortReservation again = Ports.request().preferred(port).reserve()) {
				assertThat(again.port()).as("port %d after its scope", port).isEqualTo(port);
			}
		}
	}

	@Test
	void theHolderProcessIsGoneAfterAFailingTest() {
		FailingTestCase.holders.clear();
		EngineExecutionResults results = execute(FailingTestCase.class);
		results.testEvents().assertStatistics(stats -> stats.failed(1));
		assertThat(FailingTestCase.holders).singleElement().satisfies(pid -> {
			assertThat(pid).isNotEqualTo(ProcessHandle.current().pid());
			assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("holder process %d", pid).isEmpty();
		});
	}

	@Test
	void aWrongTypeIsNamed() {
		EngineExecutionResults results = execute(WrongTypeTestCase.class);
		assertThat(failure(results)).hasMessageContaining("Can only resolve @OccupiedPort parameter")
			.hasMessageContaining("but was: java.lang.String");
	}

	@Test
	void aPortThatCannotBeHadIsNamedWithItsHolder() {
		try (PortReservation taken = Ports.request().preferred(UnavailablePortTestCase.PORT).owner("the neighbour").reserve()) {
			assumeThat(taken.port()).as("port %d is held by another process of this host", UnavailablePortTestCase.PORT)
				.isEqualTo(UnavailablePortTestCase.PORT);
			EngineExecutionResults results = execute(UnavailablePortTestCase.class);
			assertThat(failure(results)).hasMessageContaining("TCP port " + taken.port())
				.hasMessageContaining("the neighbour");
		}
	}

	private static EngineExecutionResults execute(Class<?> testCase) {
		// the test kit does not pass system properties on as configuration parameters: name the registry folder
		return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testCase))
			.configurationParameter("freeport.registry.dir", System.getProperty("freeport.registry.dir")).execute();
	}

	private static Throwable failure(EngineExecutionResults results) {
		List<Event> failed = results.allEvents().failed().list();
		assertThat(failed).isNotEmpty();
		return failed.get(0).getRequiredPayload(org.junit.platform.engine.TestExecutionResult.class).getThrowable()
			.orElseThrow();
	}

	static class InjectionTestCase {

		static final List<Integer> seen = new CopyOnWriteArrayList<>();

		@OccupiedPort(Occupation.UDP_BOUND)
		static int classWide;

		@OccupiedPort(Occupation.BOUND_NOT_LISTENING)
		Integer instanceWide;

		@Test
		void test(@OccupiedPort PortOccupation listening, @OccupiedPort(Occupation.LEASED_ONLY) InetSocketAddress phantom)
				throws Exception {
			assertThat(listening.occupation()).isEqualTo(Occupation.LISTENING);
			assertThatThrownBy(() -> Sockets.bindTcp(listening.port())).isInstanceOf(BindException.class);
			assertThatThrownBy(() -> Sockets.bindUdp(classWide)).isInstanceOf(BindException.class);
			assertThatThrownBy(() -> Sockets.bindTcp(instanceWide)).isInstanceOf(BindException.class);
			Sockets.bindTcp(phantom.getPort());
			seen.addAll(List.of(classWide, instanceWide, listening.port(), phantom.getPort()));
		}
	}

	static class FailingTestCase {

		static final List<Long> holders = new CopyOnWriteArrayList<>();

		@Test
		void fails(@OccupiedPort(Occupation.LISTENING_IN_OTHER_PROCESS) PortOccupation busy) {
			holders.add(busy.holderPid());
			throw new AssertionError("failing on purpose, with a holder process running");
		}
	}

	static class WrongTypeTestCase {

		@Test
		void test(@OccupiedPort String port) {
		}
	}

	static class UnavailablePortTestCase {

		static final int PORT = 61613; // outside the usual ephemeral ranges

		@Test
		void test(@OccupiedPort(port = PORT) int busy) {
		}
	}
}
