package io.github.freeport.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.util.Optional;

import io.github.freeport.Protocol;
import org.junit.jupiter.api.Test;

/** The Windows {@code netstat -ano} parser against sample output. */
class NetstatSocketsTests {

	static final String NETSTAT = "\r\n"
			+ "Active Connections\r\n"
			+ "\r\n"
			+ "  Proto  Local Address          Foreign Address        State           PID\r\n"
			+ "  TCP    0.0.0.0:80             0.0.0.0:0              LISTENING       4\r\n"
			+ "  TCP    0.0.0.0:8080           0.0.0.0:0              LISTENING       6120\r\n"
			+ "  TCP    127.0.0.1:8080         127.0.0.1:50412        ESTABLISHED     6120\r\n"
			+ "  TCP    127.0.0.1:50412        127.0.0.1:8080         ESTABLISHED     7000\r\n"
			+ "  TCP    127.0.0.1:8080         127.0.0.1:50399        TIME_WAIT       0\r\n"
			+ "  TCP    [::]:8080              [::]:0                 LISTENING       6120\r\n"
			+ "  UDP    0.0.0.0:8080           *:*                                    3012\r\n"
			+ "  UDP    [::]:5353              *:*                                    2216\r\n"
			+ "  UDP    [fe80::1%4]:8080       *:*                                    3012\r\n";

	/** German Windows: the header and the state are translated, the rest is not. */
	static final String NETSTAT_DE = "\r\nAktive Verbindungen\r\n\r\n"
			+ "  Proto  Lokale Adresse         Remoteadresse          Status           PID\r\n"
			+ "  TCP    0.0.0.0:8080           0.0.0.0:0              ABHÖREN         6120\r\n";

	@Test
	void keepsTcpRowsWhoseLocalPortMatches() {
		assertThat(NetstatSockets.parse(NETSTAT, 8080, Protocol.TCP, pid -> Optional.of("app.exe")))
			.extracting(SocketHolder::localAddress, SocketHolder::state, SocketHolder::pid)
			.containsExactly(tuple("0.0.0.0:8080", "LISTENING", 6120L), tuple("127.0.0.1:8080", "ESTABLISHED", 6120L),
				tuple("127.0.0.1:8080", "TIME_WAIT", PortHolder.UNKNOWN_PID), tuple("[::]:8080", "LISTENING", 6120L));
	}

	@Test
	void keepsUdpRowsIncludingScopedIpv6() {
		assertThat(NetstatSockets.parse(NETSTAT, 8080, Protocol.UDP, pid -> Optional.empty()))
			.extracting(SocketHolder::localAddress, SocketHolder::state, SocketHolder::pid)
			.containsExactly(tuple("0.0.0.0:8080", "BOUND", 3012L), tuple("[fe80::1%4]:8080", "BOUND", 3012L));
	}

	@Test
	void explainsTheSystemProcessAndTimeWait() {
		assertThat(NetstatSockets.parse(NETSTAT, 80, Protocol.TCP, pid -> Optional.empty())).singleElement()
			.satisfies(holder -> assertThat(holder.note()).contains("HTTP.sys"));
		assertThat(NetstatSockets.parse(NETSTAT, 8080, Protocol.TCP, pid -> Optional.empty()).get(2).note())
			.startsWith("no process owns it");
	}

	@Test
	void keepsTranslatedStatesAsTheyAre() {
		assertThat(NetstatSockets.parse(NETSTAT_DE, 8080, Protocol.TCP, pid -> Optional.empty())).singleElement()
			.satisfies(holder -> assertThat(holder.state()).isEqualTo("ABHÖREN"));
	}
}
