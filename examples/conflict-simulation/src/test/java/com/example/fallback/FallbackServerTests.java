package com.example.fallback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.BindException;
import java.time.Duration;
import java.util.List;

import io.github.freeport.FreePort;
import io.github.freeport.Occupation;
import io.github.freeport.OccupiedPort;
import io.github.freeport.PortOccupation;
import io.github.freeport.PortReservation;
import io.github.freeport.Ports;
import org.junit.jupiter.api.Test;

class FallbackServerTests {

	// tag::next-candidate[]
	@Test
	void takesTheNextCandidateWhenTheFirstIsListenedOn(@OccupiedPort int busy, @FreePort int next) throws Exception {
		try (FallbackServer server = FallbackServer.startOnFirstFree(List.of(busy, next))) {
			assertEquals(next, server.port());
			assertEquals(List.of(busy), server.skipped());
		}
	}
	// end::next-candidate[]

	@Test
	void takesTheNextCandidateWhenTheFirstIsBoundButNotListening(
			@OccupiedPort(Occupation.BOUND_NOT_LISTENING) int busy, @FreePort int next) throws Exception {
		try (FallbackServer server = FallbackServer.startOnFirstFree(List.of(busy, next))) {
			assertEquals(next, server.port());
		}
	}

	@Test
	void takesTheNextCandidateWhenAnotherProcessListens(
			@OccupiedPort(Occupation.LISTENING_IN_OTHER_PROCESS) PortOccupation busy, @FreePort int next) throws Exception {
		assertNotEquals(ProcessHandle.current().pid(), busy.holderPid());
		try (FallbackServer server = FallbackServer.startOnFirstFree(List.of(busy.port(), next))) {
			assertEquals(next, server.port());
		}
	}

	@Test
	void aUdpSocketDoesNotTakeTheTcpPort(@OccupiedPort(Occupation.UDP_BOUND) int udpOnly, @FreePort int next) throws Exception {
		try (FallbackServer server = FallbackServer.startOnFirstFree(List.of(udpOnly, next))) {
			assertEquals(udpOnly, server.port());
		}
	}

	@Test
	void failsNamingTheCandidatesWhenAllAreTaken(@OccupiedPort int busy,
			@OccupiedPort(Occupation.BOUND_NOT_LISTENING) int alsoBusy) {
		BindException e = assertThrows(BindException.class, () -> FallbackServer.startOnFirstFree(List.of(busy, alsoBusy)));
		assertTrue(e.getMessage().contains(List.of(busy, alsoBusy).toString()), e.getMessage());
	}

	// tag::retry-until-released[]
	@Test
	void retriesTheSamePortUntilItIsReleased(@OccupiedPort PortOccupation busy) throws Exception {
		// the conflict ends when the server has failed once: the second attempt must succeed
		try (FallbackServer server = FallbackServer.startWithRetry(busy.port(), 5, Duration.ofMillis(20),
				failedAttempt -> busy.close())) {
			assertEquals(busy.port(), server.port());
			assertEquals(2, server.attempts());
		}
	}
	// end::retry-until-released[]

	@Test
	void givesUpAfterTheLastAttempt(@OccupiedPort(Occupation.BOUND_NOT_LISTENING) int busy) {
		BindException e = assertThrows(BindException.class,
			() -> FallbackServer.startWithRetry(busy, 3, Duration.ofMillis(10), failedAttempt -> { }));
		assertTrue(e.getMessage().startsWith("port " + busy + " still taken after 3 attempts"), e.getMessage());
	}

	// tag::preferred[]
	@Test
	void runsOnItsDefaultPortWhenThatIsFree(
			@FreePort(preferred = { FallbackServer.DEFAULT_PORT, FallbackServer.DEFAULT_PORT + 1 }) PortReservation port)
			throws Exception {
		// 18080 if free, else 18081, else any port of the range: the test passes on a busy host too
		try (FallbackServer server = FallbackServer.startOnFirstFree(List.of(port.port()))) {
			assertEquals(port.port(), server.port());
		}
	}
	// end::preferred[]

	@Test
	void reservesWithoutTheExtension() throws Exception {
		// tag::without-junit[]
		try (PortReservation port = Ports.request().preferred(FallbackServer.DEFAULT_PORT).reserve();
				FallbackServer server = FallbackServer.startOnFirstFree(List.of(port.port()))) {
			assertEquals(port.port(), server.port());
		} // the server stops, then the port is released
		// end::without-junit[]
	}
}
