package io.github.freeport.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;

import io.github.freeport.FreePort;
import io.github.freeport.diagnostics.PortHolderMain;
import io.github.freeport.diagnostics.PortHolderProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * Runs fixtures that fail to bind a port held by a child JVM and checks that the original failure comes
 * back unchanged, with a suppressed explanation naming the child's pid.
 */
class BindFailureExtensionTests {

	/** Binds, on request, ports that the fixtures then fail to bind. */
	static PortHolderProcess holder;

	@BeforeAll
	static void startHolder() throws IOException {
		holder = PortHolderProcess.start("on-request");
	}

	@AfterAll
	static void stopHolder() {
		holder.close();
	}

	static Throwable singleFailure(Class<?> testCase) {
		List<Event> failed = EngineTestKit.engine("junit-jupiter").selectors(selectClass(testCase)).execute().testEvents()
			.failed().list();
		assertThat(failed).hasSize(1);
		return failed.get(0).getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow();
	}

	static void bindHeld(int port) throws Exception {
		holder.bind(port);
		assertThat(holder.awaitPort()).isEqualTo(port);
		try (ServerSocket server = new ServerSocket()) {
			server.bind(new InetSocketAddress(port));
		}
	}

	@Test
	void explainsAFreePortTakenByAProcessOutsideTheRegistry() {
		Throwable failure = singleFailure(TakenFreePortTestCase.class);

		assertThat(failure).isExactlyInstanceOf(BindException.class).hasMessage(TakenFreePortTestCase.message);
		assertThat(failure.getSuppressed()).singleElement().isInstanceOfSatisfying(BindFailureExplanation.class, e -> {
			assertThat(e.getMessage()).contains("port " + TakenFreePortTestCase.port + " (reserved by freeport for this test):",
				"TCP LISTEN on", "by pid " + holder.pid() + ": ", PortHolderMain.class.getName(),
				"leased in the freeport registry by pid " + ProcessHandle.current().pid() + " (this JVM)");
			assertThat(e.getStackTrace()).isEmpty();
		});
	}

	@Test
	void explainsAPortNamedInAWrappingMessage() {
		Throwable failure = singleFailure(WrappedBindFailureTestCase.class);

		assertThat(failure).isExactlyInstanceOf(IOException.class).hasMessage(WrappedBindFailureTestCase.message)
			.hasCauseInstanceOf(BindException.class);
		assertThat(failure.getSuppressed()).singleElement().satisfies(e -> assertThat(e.getMessage())
			.contains("port " + WrappedBindFailureTestCase.port + " (named in IOException's message):",
				"by pid " + holder.pid() + ": "));
	}

	@Test
	void explainsAFailureInALifecycleMethod() {
		Throwable failure = singleFailure(LifecycleBindFailureTestCase.class);

		assertThat(failure).isExactlyInstanceOf(IOException.class);
		assertThat(failure.getSuppressed()).singleElement()
			.satisfies(e -> assertThat(e.getMessage()).contains("by pid " + holder.pid() + ": "));
	}

	@Test
	void saysSoWhenNoPortIsKnown() {
		Throwable failure = singleFailure(UnknownPortTestCase.class);

		assertThat(failure).isExactlyInstanceOf(BindException.class).hasMessage("Address already in use");
		assertThat(failure.getSuppressed()).singleElement().satisfies(e -> assertThat(e.getMessage())
			.contains("No port is known", "PortHolders.of(port, protocol)"));
	}

	@Test
	void leavesOtherFailuresAlone() {
		Throwable failure = singleFailure(OtherFailureTestCase.class);

		assertThat(failure).isExactlyInstanceOf(IllegalStateException.class).hasMessage("not a bind failure");
		assertThat(failure.getSuppressed()).isEmpty();
	}

	@Test
	void matchesLeaseOwnersOfTheTestsScopeOnly() {
		String method = "[engine:junit-jupiter]/[class:a.B]/[method:m()]";
		assertThat(BindFailureExtension.isInScope(method, method)).isTrue();
		assertThat(BindFailureExtension.isInScope("[engine:junit-jupiter]/[class:a.B]", method)).isTrue();
		assertThat(BindFailureExtension.isInScope("[engine:junit-jupiter]/[class:a.B]/[method:n()]", method)).isFalse();
		assertThat(BindFailureExtension.isInScope("[engine:junit-jupiter]/[class:a.Bc]", method + "x")).isFalse();
		assertThat(BindFailureExtension.isInScope("thread main", method)).isFalse();
	}

	static class TakenFreePortTestCase {

		static int port;
		static String message;

		@Test
		void test(@FreePort int port) throws Exception {
			TakenFreePortTestCase.port = port;
			try {
				bindHeld(port);
			}
			catch (BindException e) {
				message = e.getMessage();
				throw e;
			}
		}
	}

	@ExtendWith(BindFailureExtension.class)
	static class WrappedBindFailureTestCase {

		static int port;
		static String message;

		@Test
		void test() throws Exception {
			try (ServerSocket probe = new ServerSocket()) {
				probe.bind(new InetSocketAddress(0));
				port = probe.getLocalPort();
			}
			try {
				bindHeld(port);
			}
			catch (BindException e) {
				// how Jetty reports it
				message = "Failed to bind to 0.0.0.0/0.0.0.0:" + port;
				throw new IOException(message, e);
			}
		}
	}

	@ExtendWith(BindFailureExtension.class)
	static class LifecycleBindFailureTestCase {

		@BeforeEach
		void startServer() throws Exception {
			int port;
			try (ServerSocket probe = new ServerSocket()) {
				probe.bind(new InetSocketAddress(0));
				port = probe.getLocalPort();
			}
			try {
				bindHeld(port);
			}
			catch (BindException e) {
				throw new IOException("Failed to bind to localhost/127.0.0.1:" + port, e);
			}
		}

		@Test
		void test() {
		}
	}

	@ExtendWith(BindFailureExtension.class)
	static class UnknownPortTestCase {

		@Test
		void test() throws Exception {
			throw new BindException("Address already in use");
		}
	}

	@ExtendWith(BindFailureExtension.class)
	static class OtherFailureTestCase {

		@Test
		void test() {
			throw new IllegalStateException("not a bind failure");
		}
	}
}
