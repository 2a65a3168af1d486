package io.github.freeport.assertj;

import static io.github.freeport.assertj.FreePortAssertions.assertThat;
import static io.github.freeport.assertj.FreePortAssertions.assertThatPort;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.freeport.PortReservation;
import io.github.freeport.Ports;
import io.github.freeport.Protocol;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PortAssertTests {

	private static final long PID = ProcessHandle.current().pid();

	@Test
	void idleReservationIsFreeLeasedByThisJvmAndNotListening() {
		try (PortReservation reservation = Ports.reserve()) {
			assertThat(reservation).isNotReleased().isFree().isNotListening().isLeasedByThisJvm().isHeldBy(PID)
				.hasPort(reservation.port()).hasProtocol(Protocol.TCP);
			assertThatPort(reservation.port()).isFree().isNotListening().isLeasedByThisJvm();
		}
	}

	@SuppressWarnings("try") // the socket is held open for its side effect
	@Test
	void serverOnTheReservedPortIsListeningAndNotFree() throws IOException {
		try (PortReservation reservation = Ports.reserve();
				ServerSocket server = new ServerSocket(reservation.port(), 50, InetAddress.getLoopbackAddress())) {
			assertThat(reservation).isListening().isNotFree();
			assertThatPort(reservation.port()).isListening().isNotFree();
		}
	}

	@Test
	void closedReservationIsReleasedAndNotLeased() {
		PortReservation reservation = Ports.reserve();
		reservation.close();
		assertThat(reservation).isReleased();
		assertThatPort(reservation.port()).isNotLeased();
	}

	@Test
	void leaseOfAnotherProcessIsNamedWithItsPidAndCommand() throws Exception {
		Process child = startLeaseHolder();
		try {
			BufferedReader output = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
			int port = CompletableFuture.supplyAsync(() -> readLine(output)).get(60, TimeUnit.SECONDS);
			assertThatPort(port).isHeldBy(child.pid());
			assertThatThrownBy(() -> assertThatPort(port).isLeasedByThisJvm())
				.hasMessageContaining("Expected TCP port " + port + " to be leased by pid " + PID)
				.hasMessageContaining("but it was leased by pid " + child.pid())
				.hasMessageContaining(LeaseHoldingProcess.class.getName());
		}
		finally {
			child.destroyForcibly();
			child.waitFor(30, TimeUnit.SECONDS);
		}
	}

	@Nested
	class Failures {

		@Test
		void isFreeNamesTheBindFailureAndTheLeaseHolder() throws IOException {
			try (PortReservation reservation = Ports.reserve(); ServerSocket squatter = new ServerSocket()) {
				squatter.bind(new InetSocketAddress(reservation.port()));
				assertThatThrownBy(() -> assertThat(reservation).isFree())
					.hasMessageContaining("Expected TCP port " + reservation.port() + " to be free")
					.hasMessageContaining("Address already in use")
					.hasMessageContaining("leased by pid " + PID);
			}
		}

		@Test
		void isListeningSaysTheConnectionWasRefused() {
			try (PortReservation reservation = Ports.reserve()) {
				assertThatThrownBy(() -> assertThat(reservation).isListening())
					.hasMessageContaining("Expected TCP port " + reservation.port() + " to be listening")
					.hasMessageContaining("127.0.0.1:" + reservation.port() + ": Connection refused");
			}
		}

		@SuppressWarnings("try") // the socket is held open for its side effect
		@Test
		void isNotListeningNamesTheLeaseHolder() throws IOException {
			try (PortReservation reservation = Ports.reserve();
					ServerSocket server = new ServerSocket(reservation.port(), 50, InetAddress.getLoopbackAddress())) {
				assertThatThrownBy(() -> assertThatPort(reservation.port()).isNotListening())
					.hasMessageContaining("Expected TCP port " + reservation.port() + " not to be listening")
					.hasMessageContaining("leased by pid " + PID);
			}
		}

		@Test
		void isHeldByNamesExpectedAndActualHolder() {
			long other = PID + 1_000_000;
			try (PortReservation reservation = Ports.reserve()) {
				assertThatThrownBy(() -> assertThat(reservation).isHeldBy(other))
					.hasMessageContaining("to be leased by pid " + other + " (process " + other + " not running)")
					.hasMessageContaining("but it was leased by pid " + PID);
			}
		}

		@Test
		void unleasedPortIsNotLeasedByThisJvm() {
			PortReservation reservation = Ports.reserve();
			reservation.close();
			assertThatThrownBy(() -> assertThatPort(reservation.port()).isLeasedByThisJvm())
				.hasMessageContaining("but it was not leased in the freeport registry");
		}

		@Test
		void releasedStatesAreChecked() {
			PortReservation reservation = Ports.reserve();
			assertThatThrownBy(() -> assertThat(reservation).isReleased())
				.hasMessageContaining("to be released")
				.hasMessageContaining("but it still holds its lease");
			reservation.close();
			assertThatThrownBy(() -> assertThat(reservation).isNotReleased())
				.hasMessageContaining("not to be released")
				.hasMessageContaining("but it was released at " + reservation.trace().releasedAt());
		}

		@Test
		void hasPortSaysExpectedAndActual() {
			try (PortReservation reservation = Ports.reserve()) {
				int other = reservation.port() == 65535 ? 65534 : reservation.port() + 1;
				assertThatThrownBy(() -> assertThat(reservation).hasPort(other))
					.hasMessageContaining("to have port " + other)
					.hasMessageContaining("but it has port " + reservation.port());
			}
		}

		@Test
		void nullReservationFailsAsAssertJDoes() {
			assertThatThrownBy(() -> assertThat((PortReservation) null).isFree()).hasMessageContaining("Expecting actual not to be null");
		}

		@Test
		void portOutsideTheValidRangeIsRejected() {
			assertThatIllegalArgumentException().isThrownBy(() -> assertThatPort(0)).withMessage("Invalid port 0: expected 1-65535");
			assertThatIllegalArgumentException().isThrownBy(() -> assertThatPort(65536))
				.withMessage("Invalid port 65536: expected 1-65535");
		}
	}

	@SuppressWarnings("try") // the socket is held open for its side effect
	@Test
	void softAssertionsCollectEveryFailure() throws IOException {
		try (PortReservation reservation = Ports.reserve();
				ServerSocket server = new ServerSocket(reservation.port(), 50, InetAddress.getLoopbackAddress())) {
			FreePortSoftAssertions softly = new FreePortSoftAssertions();
			softly.assertThat(reservation).isFree().isReleased().isListening();
			softly.assertThatPort(reservation.port()).isNotListening().isLeasedByThisJvm();
			List<AssertionError> errors = softly.assertionErrorsCollected();
			Assertions.assertThat(errors).hasSize(3);
			Assertions.assertThat(errors.get(0)).hasMessageContaining("to be free");
			Assertions.assertThat(errors.get(1)).hasMessageContaining("to be released");
			Assertions.assertThat(errors.get(2)).hasMessageContaining("not to be listening");
		}
	}

	@Test
	void assertSoftlyThrowsOneErrorNamingAllFailures() {
		try (PortReservation reservation = Ports.reserve()) {
			assertThatThrownBy(() -> FreePortSoftAssertions.assertSoftly(softly -> {
				softly.assertThat(reservation).isListening();
				softly.assertThatPort(reservation.port()).isNotLeased();
			})).hasMessageContaining("Multiple Failures (2 failures)")
				.hasMessageContaining("to be listening")
				.hasMessageContaining("not to be leased");
		}
	}

	private static Process startLeaseHolder() throws IOException {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		String classpath = String.join(File.pathSeparator, location(Ports.class), location(LeaseHoldingProcess.class),
			location(Test.class));
		return new ProcessBuilder(java, "-Dfreeport.registry.dir=" + System.getProperty("freeport.registry.dir"), "-cp", classpath,
			LeaseHoldingProcess.class.getName()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
	}

	private static String location(Class<?> type) {
		try {
			return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
		}
		catch (Exception e) {
			throw new IllegalStateException(type.getName(), e);
		}
	}

	private static int readLine(BufferedReader output) {
		try {
			String line = output.readLine();
			if (line == null) {
				throw new IllegalStateException("the lease holder exited before printing its port");
			}
			return Integer.parseInt(line.trim());
		}
		catch (IOException e) {
			throw new IllegalStateException(e);
		}
	}
}
