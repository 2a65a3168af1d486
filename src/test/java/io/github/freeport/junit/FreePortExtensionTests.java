package io.github.freeport.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.freeport.FreePort;
import io.github.freeport.PortReservation;
import io.github.freeport.Protocol;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * Runs small {@code ...TestCase} classes through the Jupiter engine and checks what they were injected,
 * and that every reservation is released when its scope ends.
 */
class FreePortExtensionTests {

	static final String SUPPORTED = "int, java.lang.Integer, io.github.freeport.PortReservation, java.net.InetSocketAddress,"
			+ " int[], java.util.List<java.lang.Integer>, java.util.List<io.github.freeport.PortReservation>,"
			+ " java.net.ServerSocket, java.nio.channels.ServerSocketChannel or java.nio.channels.DatagramChannel";

	/** Channels fixtures were given, to check they are closed after the run. */
	static final List<java.nio.channels.Channel> CHANNELS = new CopyOnWriteArrayList<>();

	/** What fixtures saw, by label; cleared before each run. */
	static final Map<String, List<PortReservation>> SEEN = new ConcurrentHashMap<>();

	static void seen(String label, PortReservation reservation) {
		SEEN.computeIfAbsent(label, k -> new CopyOnWriteArrayList<>()).add(reservation);
	}

	static EngineExecutionResults run(Class<?> testCase) {
		SEEN.clear();
		return EngineTestKit.engine("junit-jupiter").selectors(selectClass(testCase)).execute();
	}

	static void assertAllSucceeded(EngineExecutionResults results, int tests) {
		results.testEvents().assertStatistics(stats -> stats.started(tests).succeeded(tests).failed(0));
	}

	static void assertAllReleased() {
		assertThat(SEEN.values().stream().flatMap(List::stream)).isNotEmpty().allMatch(PortReservation::isReleased);
	}

	@Test
	void injectsEverySupportedParameterType() {
		assertAllSucceeded(run(ParameterTypesTestCase.class), 1);
		assertAllReleased();
	}

	@Test
	void fillsStaticAndInstanceFieldsAndReleasesThemWithTheirScope() {
		assertAllSucceeded(run(FieldsTestCase.class), 2);
		assertThat(SEEN.get("static")).hasSize(2).allMatch(r -> r == SEEN.get("static").get(0));
		assertThat(SEEN.get("instance")).hasSize(2);
		assertThat(SEEN.get("instance").get(0)).isNotSameAs(SEEN.get("instance").get(1));
		assertAllReleased();
	}

	@Test
	void instanceFieldsLiveAsLongAsTheInstanceUnderPerClass() {
		assertAllSucceeded(run(PerClassTestCase.class), 2);
		assertThat(SEEN.get("instance")).hasSize(2).allMatch(r -> r == SEEN.get("instance").get(0));
		assertAllReleased();
	}

	@Test
	void fillsEnclosingInstancesOfNestedTests() {
		assertAllSucceeded(run(NestedTestCase.class), 2);
		assertAllReleased();
	}

	@Test
	void injectsConstructorParametersForTheInstanceLife() {
		assertAllSucceeded(run(ConstructorTestCase.class), 2);
		assertThat(SEEN.get("constructor")).hasSize(2);
		assertThat(SEEN.get("constructor").get(0)).isNotSameAs(SEEN.get("constructor").get(1));
		assertAllReleased();
	}

	@Test
	void declarationsWithTheSameNameShareOneReservation() {
		assertAllSucceeded(run(SharedNameTestCase.class), 1);
		assertAllReleased();
	}

	@Test
	void honoursAttributesAndMetaAnnotations() {
		assertAllSucceeded(run(AttributesTestCase.class), 1);
		assertAllReleased();
	}

	@Test
	void injectsSeveralPortsAndContiguousBlocks() {
		assertAllSucceeded(run(MultiPortTestCase.class), 1);
		assertAllReleased();
	}

	@Test
	void injectsBoundSocketsAndClosesThemWithTheScope() {
		CHANNELS.clear();
		assertAllSucceeded(run(BoundSocketsTestCase.class), 1);
		assertThat(CHANNELS).hasSize(4).noneMatch(java.nio.channels.Channel::isOpen);
		assertAllReleased();
	}

	@Test
	void annotationAttributeWinsOverConfiguration() {
		EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
			.configurationParameter(FreePort.RANGE_PROPERTY_NAME, "27000-27099")
			.configurationParameter("freeport.strategy", "sequential")
			.selectors(selectClass(PrecedenceTestCase.class)).execute();
		assertAllSucceeded(results, 1);
	}

	@Test
	void releasesReservationsOfAFailingTest() {
		run(FailingTestCase.class).testEvents().assertStatistics(stats -> stats.started(1).failed(1));
		assertAllReleased();
	}

	@Nested
	class Failures {

		@Test
		void parameterOfAnUnsupportedType() {
			failsWith(WrongParameterTypeTestCase.class, ParameterResolutionException.class,
				"Can only resolve @FreePort parameter [java.lang.String port] in method [void "
						+ WrongParameterTypeTestCase.class.getName()
						+ ".test(java.lang.String)] of type " + SUPPORTED + " but was: java.lang.String");
		}

		@Test
		void fieldOfAnUnsupportedType() {
			failsWith(WrongFieldTypeTestCase.class, ExtensionConfigurationException.class,
				"Can only resolve @FreePort field [long " + WrongFieldTypeTestCase.class.getName()
						+ ".port] of type " + SUPPORTED + " but was: long");
		}

		@Test
		void finalField() {
			failsWith(FinalFieldTestCase.class, ExtensionConfigurationException.class,
				"@FreePort field [final java.lang.Integer " + FinalFieldTestCase.class.getName()
						+ ".port] must not be declared as final.");
		}

		@Test
		void invalidRange() {
			failsWith(InvalidRangeTestCase.class, ParameterResolutionException.class,
				"Invalid @FreePort(range = \"20000-10\") on parameter [int port] in method [void "
						+ InvalidRangeTestCase.class.getName() + ".test(int)]: expected 'from-to' with"
						+ " 1 <= from <= to <= 65535, e.g. '20000-20999', or empty for the configured default.");
		}

		@Test
		void invalidPreferredPort() {
			failsWith(InvalidPreferredTestCase.class, ExtensionConfigurationException.class,
				"Invalid @FreePort(preferred = [8080, 0]) on field [int " + InvalidPreferredTestCase.class.getName()
						+ ".port]: port 0 is outside 1-65535.");
		}

		@Test
		void countAboveOneOnASingleValueType() {
			failsWith(CountOnIntTestCase.class, ParameterResolutionException.class,
				"@FreePort(count = 2) on parameter [int port] in method [void " + CountOnIntTestCase.class.getName()
						+ ".test(int)] needs a type that holds several ports: int[], java.util.List<java.lang.Integer> or"
						+ " java.util.List<io.github.freeport.PortReservation>.");
		}

		@Test
		void socketTypeOfTheWrongProtocol() {
			failsWith(WrongSocketProtocolTestCase.class, ParameterResolutionException.class,
				"@FreePort(protocol = TCP) on parameter [java.nio.channels.DatagramChannel channel] in method [void "
						+ WrongSocketProtocolTestCase.class.getName() + ".test(java.nio.channels.DatagramChannel)]"
						+ " cannot be bound as a UDP socket; use protocol = Protocol.UDP.");
		}

		@Test
		void countBelowOne() {
			failsWith(ZeroCountTestCase.class, ParameterResolutionException.class,
				"Invalid @FreePort(count = 0) on parameter [int[] ports] in method [void " + ZeroCountTestCase.class.getName()
						+ ".test(int[])]: expected 1 or more.");
		}

		@Test
		void unknownStrategyAttribute() {
			failsWith(BadStrategyTestCase.class, ParameterResolutionException.class,
				"Invalid strategy 'fastest': no strategy or class named 'fastest'; expected 'random', 'scan', 'sequential'"
						+ " or the name of a class implementing io.github.freeport.allocation.PortStrategy with a public"
						+ " no-argument constructor (in @FreePort on parameter [int port] in method [void "
						+ BadStrategyTestCase.class.getName() + ".test(int)])");
		}

		@Test
		void sharedNameWithDifferentAttributes() {
			Events failed = run(ConflictingNameTestCase.class).testEvents().failed();
			failed.assertThatEvents().haveExactly(1, event(test(), finishedWithFailure(
				instanceOf(ParameterResolutionException.class),
				message(m -> m.contains("@FreePort(name = \"db\")") && m.contains("asks for UDP in 20000-20999")
						&& m.contains("was made for TCP in 20000-20999")))));
			assertAllReleased();
		}

		@Test
		void invalidConfiguredRangeNamesTheKey() {
			EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
				.configurationParameter(FreePort.RANGE_PROPERTY_NAME, "lots")
				.selectors(selectClass(ParameterTypesTestCase.class)).execute();
			results.testEvents().failed().assertThatEvents().haveExactly(1, event(test(), finishedWithFailure(
				message("Invalid value 'lots' for freeport.range (from configuration parameter freeport.range):"
						+ " expected 'from-to' with 1 <= from <= to <= 65535, e.g. '20000-20999'"))));
		}

		private void failsWith(Class<?> testCase, Class<? extends Throwable> type, String expectedMessage) {
			run(testCase).testEvents().assertStatistics(stats -> stats.failed(1))
				.failed().assertThatEvents()
				.haveExactly(1, event(test(), finishedWithFailure(instanceOf(type), message(expectedMessage))));
		}
	}

	// -------------------------------------------------------------------------------------------------

	static class ParameterTypesTestCase {

		@Test
		void test(@FreePort int a, @FreePort Integer b, @FreePort PortReservation c, @FreePort InetSocketAddress d) {
			seen("c", c);
			assertThat(List.of(a, b, c.port(), d.getPort())).doesNotHaveDuplicates().allMatch(p -> p > 0);
			assertThat(d.getAddress().isLoopbackAddress()).isTrue();
			assertThat(c.isReleased()).isFalse();
		}
	}

	static class FieldsTestCase {

		@FreePort
		static PortReservation shared;

		@FreePort
		PortReservation own;

		@FreePort
		int ownNumber;

		@Test
		void first() {
			check();
		}

		@Test
		void second() {
			check();
		}

		private void check() {
			seen("static", shared);
			seen("instance", own);
			assertThat(shared.isReleased()).isFalse();
			assertThat(own.isReleased()).isFalse();
			assertThat(ownNumber).isPositive().isNotEqualTo(own.port()).isNotEqualTo(shared.port());
			// the instance of an earlier method is gone, and so is its reservation
			assertThat(SEEN.get("instance")).filteredOn(r -> r != own).allMatch(PortReservation::isReleased);
		}

		@AfterAll
		static void staticStillHeld() {
			assertThat(shared.isReleased()).isFalse();
		}
	}

	@TestInstance(Lifecycle.PER_CLASS)
	static class PerClassTestCase {

		@FreePort
		PortReservation instance;

		@Test
		void first() {
			seen("instance", instance);
			assertThat(instance.isReleased()).isFalse();
		}

		@Test
		void second() {
			seen("instance", instance);
			assertThat(instance.isReleased()).isFalse();
		}
	}

	static class NestedTestCase {

		@FreePort
		PortReservation outer;

		@Test
		void outerTest() {
			seen("outer", outer);
			assertThat(outer).isNotNull();
		}

		@Nested
		class Inner {

			@FreePort
			PortReservation inner;

			@Test
			void innerTest() {
				seen("outer", outer);
				seen("inner", inner);
				assertThat(outer).isNotNull();
				assertThat(inner.port()).isNotEqualTo(outer.port());
				assertThat(outer.isReleased()).isFalse();
			}
		}
	}

	@TestMethodOrder(MethodOrderer.MethodName.class)
	static class ConstructorTestCase {

		private final PortReservation port;

		ConstructorTestCase(@FreePort PortReservation port) {
			this.port = port;
			seen("constructor", port);
		}

		@Test
		void first() {
			assertThat(port.isReleased()).isFalse();
		}

		@Test
		void second() {
			assertThat(port.isReleased()).isFalse();
			assertThat(SEEN.get("constructor").get(0).isReleased()).isTrue();
		}
	}

	static class SharedNameTestCase {

		@FreePort(name = "server")
		static int serverPort;

		@FreePort(name = "client")
		PortReservation client;

		@BeforeEach
		void before(@FreePort(name = "client") PortReservation sameClient) {
			assertThat(sameClient).isSameAs(client);
		}

		@Test
		void test(@FreePort(name = "server") int sameServer, @FreePort(name = "client") int clientPort,
				@FreePort PortReservation unnamed) {
			seen("client", client);
			seen("unnamed", unnamed);
			assertThat(sameServer).isEqualTo(serverPort);
			assertThat(clientPort).isEqualTo(client.port());
			assertThat(unnamed.port()).isNotIn(serverPort, client.port());
		}
	}

	@Retention(RetentionPolicy.RUNTIME)
	@Target({ ElementType.FIELD, ElementType.PARAMETER })
	@FreePort(protocol = Protocol.UDP, range = "21000-21999")
	@interface UdpPort {
	}

	static class AttributesTestCase {

		@UdpPort
		PortReservation udp;

		@Test
		void test(@FreePort(protocol = Protocol.BOTH, range = "22000-22999") PortReservation both,
				@FreePort(preferred = { 0xFFFF, 0xFFFE }, range = "23000-23999") PortReservation preferred) {
			seen("udp", udp);
			seen("both", both);
			seen("preferred", preferred);
			assertThat(udp.protocol()).isEqualTo(Protocol.UDP);
			assertThat(udp.port()).isBetween(21000, 21999);
			assertThat(both.protocol()).isEqualTo(Protocol.BOTH);
			assertThat(both.port()).isBetween(22000, 22999);
			// the preferred ports come first, whatever the range; the range only if both are taken
			if (preferred.port() < 0xFFFE) {
				assertThat(preferred.port()).isBetween(23000, 23999);
				assertThat(preferred.trace().attempts()).extracting(a -> a.port()).startsWith(0xFFFF, 0xFFFE);
			}
			else if (preferred.port() == 0xFFFE) {
				assertThat(preferred.trace().attempts()).extracting(a -> a.port()).containsExactly(0xFFFF);
			}
		}
	}

	static class MultiPortTestCase {

		@FreePort(count = 3)
		List<PortReservation> three;

		@Test
		void test(@FreePort(count = 2) int[] pair, @FreePort(count = 2) List<Integer> numbers,
				@FreePort(count = 4, contiguous = true, range = "27100-27199") List<PortReservation> block) {
			SEEN.put("three", three);
			SEEN.put("block", block);
			assertThat(three).hasSize(3).extracting(PortReservation::port).doesNotHaveDuplicates();
			assertThat(pair).hasSize(2).doesNotHaveDuplicates();
			assertThat(numbers).hasSize(2).doesNotHaveDuplicates();
			int first = block.get(0).port();
			assertThat(block).extracting(PortReservation::port).containsExactly(first, first + 1, first + 2, first + 3);
			assertThat(first).isBetween(27100, 27196);
		}
	}

	static class BoundSocketsTestCase {

		@FreePort
		java.nio.channels.ServerSocketChannel field;

		@Test
		void test(@FreePort java.net.ServerSocket socket, @FreePort(protocol = Protocol.UDP) java.nio.channels.DatagramChannel udp,
				@FreePort(protocol = Protocol.BOTH) java.nio.channels.DatagramChannel both,
				@FreePort(hold = true) PortReservation held) throws Exception {
			CHANNELS.add(field);
			CHANNELS.add(socket.getChannel());
			CHANNELS.add(udp);
			CHANNELS.add(both);
			seen("held", held);
			assertThat(socket.isBound()).isTrue();
			assertThat(((InetSocketAddress) udp.getLocalAddress()).getPort()).isPositive();
			// the injected server accepts a real connection
			try (java.nio.channels.SocketChannel client = java.nio.channels.SocketChannel.open(new InetSocketAddress(
				java.net.InetAddress.getLoopbackAddress(), ((InetSocketAddress) field.getLocalAddress()).getPort()));
					java.nio.channels.SocketChannel accepted = field.accept()) {
				assertThat(accepted.isConnected()).isTrue();
			}
			assertThat(held.isHeld()).isTrue();
			try (java.nio.channels.ServerSocketChannel server = java.nio.channels.ServerSocketChannel.open()
				.bind(new InetSocketAddress(held.handOff()))) {
				assertThat(server.isOpen()).isTrue();
			}
		}
	}

	static class WrongSocketProtocolTestCase {

		@Test
		void test(@FreePort java.nio.channels.DatagramChannel channel) {
		}
	}

	static class PrecedenceTestCase {

		@Test
		void test(@FreePort(range = "27200-27299", strategy = "random") PortReservation annotated,
				@FreePort PortReservation configured) {
			seen("annotated", annotated);
			assertThat(annotated.port()).isBetween(27200, 27299);
			assertThat(annotated.trace().strategy()).startsWith("random in 27200-27299");
			assertThat(configured.port()).isBetween(27000, 27099);
			assertThat(configured.trace().strategy()).startsWith("sequential in 27000-27099");
		}
	}

	static class CountOnIntTestCase {

		@Test
		void test(@FreePort(count = 2) int port) {
		}
	}

	static class ZeroCountTestCase {

		@Test
		void test(@FreePort(count = 0) int[] ports) {
		}
	}

	static class BadStrategyTestCase {

		@Test
		void test(@FreePort(strategy = "fastest") int port) {
		}
	}

	static class FailingTestCase {

		@FreePort
		PortReservation field;

		@Test
		void test(@FreePort PortReservation parameter) {
			seen("field", field);
			seen("parameter", parameter);
			throw new AssertionError("boom");
		}
	}

	static class WrongParameterTypeTestCase {

		@Test
		void test(@FreePort String port) {
		}
	}

	static class WrongFieldTypeTestCase {

		@FreePort
		long port;

		@Test
		void test() {
		}
	}

	static class FinalFieldTestCase {

		@FreePort
		final Integer port = null;

		@Test
		void test() {
		}
	}

	static class InvalidRangeTestCase {

		@Test
		void test(@FreePort(range = "20000-10") int port) {
		}
	}

	static class InvalidPreferredTestCase {

		@FreePort(preferred = { 8080, 0 })
		int port;

		@Test
		void test() {
		}
	}

	static class ConflictingNameTestCase {

		@FreePort(name = "db", range = "20000-20999")
		PortReservation db;

		@Test
		void test(@FreePort(name = "db", range = "20000-20999", protocol = Protocol.UDP) int port) {
		}

		@AfterEach
		void after() {
			seen("db", db);
		}
	}
}
