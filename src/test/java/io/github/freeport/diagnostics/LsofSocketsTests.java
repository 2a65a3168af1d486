package io.github.freeport.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.util.Optional;

import io.github.freeport.Protocol;
import org.junit.jupiter.api.Test;

/** The lsof field-output parser against captured output. */
class LsofSocketsTests {

	/** {@code lsof -nP -iTCP:34915 -FpcnPT}, lsof 4.95 on Linux: a listener, a client and its accepted peer. */
	static final String LINUX_TCP = "p8216\ncpython3\nPTCP\nn*:34915\nTST=LISTEN\nTQR=0\nTQS=0\n"
			+ "PTCP\nn127.0.0.1:56520->127.0.0.1:34915\nTST=ESTABLISHED\nTQR=0\nTQS=0\n"
			+ "PTCP\nn127.0.0.1:34915->127.0.0.1:56520\nTST=ESTABLISHED\nTQR=0\nTQS=0\n";

	/** {@code lsof -nP -iUDP:34915 -FpcnPT}, same host. */
	static final String LINUX_UDP = "p8216\ncpython3\nPUDP\nn*:34915\nTQR=0\nTQS=0\n";

	/** macOS style: descriptor lines, two processes, IPv6 names, a connection to the port from elsewhere. */
	static final String MACOS_TCP = "p501\ncjava\nf57\nPTCP\nn*:8080\nTST=LISTEN\nTQR=0\nTQS=0\n"
			+ "f58\nPTCP\nn[::1]:8080->[::1]:52000\nTST=ESTABLISHED\nTQR=0\nTQS=0\n"
			+ "p777\ncnc\nf3\nPTCP\nn[::1]:52000->[::1]:8080\nTST=ESTABLISHED\n"
			+ "p888\ncsquatter\nf5\nPTCP\nn127.0.0.1:8080\nTST=CLOSED\n";

	@Test
	void keepsOnlySocketsWhoseLocalPortMatches() {
		assertThat(LsofSockets.parse(LINUX_TCP, 34915, Protocol.TCP, pid -> Optional.of("python3 holder.py")))
			.extracting(SocketHolder::localAddress, SocketHolder::state, SocketHolder::pid)
			.containsExactly(tuple("*:34915", "LISTEN", 8216L), tuple("127.0.0.1:34915", "ESTABLISHED", 8216L));
	}

	@Test
	void namesUdpSocketsBound() {
		assertThat(LsofSockets.parse(LINUX_UDP, 34915, Protocol.UDP, pid -> Optional.empty())).singleElement()
			.satisfies(holder -> {
				assertThat(holder.state()).isEqualTo("BOUND");
				assertThat(holder.protocol()).isEqualTo(Protocol.UDP);
				assertThat(holder.commandLine()).as("lsof's short command name when the command line is unknown")
					.hasValue("python3");
			});
	}

	@Test
	void readsSeveralProcessesAndDescriptors() {
		assertThat(LsofSockets.parse(MACOS_TCP, 8080, Protocol.TCP, pid -> Optional.of("cmd of " + pid)))
			.extracting(SocketHolder::localAddress, SocketHolder::state, SocketHolder::pid, h -> h.commandLine().orElseThrow())
			.containsExactly(tuple("*:8080", "LISTEN", 501L, "cmd of 501"),
				tuple("[::1]:8080", "ESTABLISHED", 501L, "cmd of 501"),
				tuple("127.0.0.1:8080", "CLOSED", 888L, "cmd of 888"));
	}

	@Test
	void findsNothingInEmptyOutput() {
		assertThat(LsofSockets.parse("", 8080, Protocol.TCP, pid -> Optional.empty())).isEmpty();
	}
}
