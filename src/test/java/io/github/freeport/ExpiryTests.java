package io.github.freeport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;

import io.github.freeport.config.Configuration;
import io.github.freeport.crossprocess.IsolatedConfiguration;
import io.github.freeport.crossprocess.WorkerJvm;
import io.github.freeport.testsupport.LoggedWarnings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code expireAfter}: the lease ends by itself, once, with one warning; closing in time ends it quietly. */
class ExpiryTests {

	private static final Duration BOUND = Duration.ofSeconds(30);

	@TempDir
	Path temp;

	private Configuration configuration() {
		return IsolatedConfiguration.forRegistry(temp.resolve("registry"), temp.resolve("logs"));
	}

	@Test
	void theLeaseEndsByItselfWithOneWarningAndAnotherJvmGetsThePort() {
		try (WorkerJvm other = WorkerJvm.start(temp.resolve("registry"), temp); LoggedWarnings warnings = LoggedWarnings.capture()) {
			PortReservation reservation = ConfiguredRequests.request(configuration()).owner("expiry test").expireAfter(Duration.ofMillis(300)).reserve(); StackTraceElement here = new Throwable().getStackTrace()[0];
			int port = reservation.port();

			await("the reservation expires").atMost(BOUND).until(() -> !warnings.containing(" port " + port + " ").isEmpty());
			assertThat(reservation.isReleased()).isTrue();
			assertThat(other.ask("TRY " + port, "LEASED")).isEqualTo("LEASED " + port);
			reservation.close();
			reservation.close();

			assertThat(warnings.containing(" port " + port + " ")).singleElement().asString()
				.isEqualTo("freeport: TCP port " + port + " expired after 300 ms without close(); released it. Reserved by "
						+ here.getClassName() + "." + here.getMethodName() + "(" + here.getFileName() + ":" + here.getLineNumber()
						+ ") for expiry test.");
			assertThat(reservation.trace().releasedAt()).isNotNull();
		}
	}

	@Test
	void aReservationClosedBeforeItsExpiryEndsQuietly() {
		try (LoggedWarnings warnings = LoggedWarnings.capture()) {
			PortReservation closedInTime = ConfiguredRequests.request(configuration()).expireAfter(Duration.ofMillis(200)).reserve();
			closedInTime.close();
			PortReservation later = ConfiguredRequests.request(configuration()).expireAfter(Duration.ofMillis(200)).reserve();

			await("the later reservation expires").atMost(BOUND).until(() -> !warnings.containing(" port " + later.port() + " ").isEmpty());
			assertThat(warnings.containing(" port " + closedInTime.port() + " ")).isEmpty();
			assertThat(closedInTime.isReleased()).isTrue();
		}
	}

	@Test
	void heldSocketsAreClosedAtExpiryAndHandOffSaysSo() throws IOException {
		try (LoggedWarnings warnings = LoggedWarnings.capture()) {
			PortReservation reservation = ConfiguredRequests.request(configuration()).hold().expireAfter(Duration.ofMillis(200)).reserve();

			await("the reservation expires").atMost(BOUND).until(reservation::isReleased);
			assertThat(reservation.isHeld()).isFalse();
			try (ServerSocket server = new ServerSocket(reservation.port())) {
				assertThat(server.getLocalPort()).isEqualTo(reservation.port());
			}
			assertThatIllegalStateException().isThrownBy(reservation::handOff)
				.withMessageEndingWith(": the reservation is expired");
		}
	}

	@Test
	void eachReservationOfARequestExpires() {
		try (LoggedWarnings warnings = LoggedWarnings.capture()) {
			var reservations = ConfiguredRequests.request(configuration()).expireAfter(Duration.ofMillis(200)).reserveBlock(2);

			await("both reservations expire, each with its warning").atMost(BOUND)
				.until(() -> warnings.containing("expired after 200 ms").size() == 2);
			assertThat(reservations).allMatch(PortReservation::isReleased);
		}
	}

	@Test
	void aReservationItsTestHoldsExpiresTooAndItsTestsEndIsThenANoOp() {
		try (LoggedWarnings warnings = LoggedWarnings.capture()) {
			PortReservation reservation = ConfiguredRequests.request(configuration()).expireAfter(Duration.ofMillis(200)).reserveForTest();
			int port = reservation.port();

			await("the expiry's warning").atMost(BOUND).until(() -> !warnings.containing(" port " + port + " ").isEmpty());
			assertThat(reservation.isReleased()).isTrue();
			assertThat(warnings.containing(" port " + port + " ")).singleElement().asString()
				.contains("Reserved by " + getClass().getName() + ".aReservationItsTestHoldsExpiresTooAndItsTestsEndIsThenANoOp(");
		}
	}

	@Test
	void invalidDurationsAreRefusedNamingTheValueAndWhatIsAllowed() {
		PortRequest request = ConfiguredRequests.request(configuration());
		String allowed = "expected a duration from 1 ms (PT0.001S) to 24 hours (PT24H)";
		assertThatIllegalArgumentException().isThrownBy(() -> request.expireAfter(null))
			.withMessage("Invalid expireAfter(null): " + allowed);
		assertThatIllegalArgumentException().isThrownBy(() -> request.expireAfter(Duration.ZERO))
			.withMessage("Invalid expireAfter(PT0S): " + allowed);
		assertThatIllegalArgumentException().isThrownBy(() -> request.expireAfter(Duration.ofSeconds(-5)))
			.withMessage("Invalid expireAfter(PT-5S): " + allowed);
		assertThatIllegalArgumentException().isThrownBy(() -> request.expireAfter(Duration.ofNanos(999_999)))
			.withMessage("Invalid expireAfter(PT0.000999999S): " + allowed);
		assertThatIllegalArgumentException().isThrownBy(() -> request.expireAfter(Duration.ofHours(24).plusMillis(1)))
			.withMessage("Invalid expireAfter(PT24H0.001S): " + allowed + "; close the reservation yourself instead");
		assertThatIllegalArgumentException().isThrownBy(() -> request.expireAfter(ChronoUnit.FOREVER.getDuration()))
			.withMessageStartingWith("Invalid expireAfter(PT2562047788015215H30M7.999999999S): " + allowed);
	}
}
