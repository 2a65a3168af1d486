package io.github.freeport.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import io.github.freeport.Protocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code /proc/net} parser against captured tables, and the owner scan against a fake {@code /proc}. */
class ProcNetSocketsTests {

	// captured on Linux 6.1 (Debian 12), trimmed; 0x1F90 = 8080
	static final String TCP = ""
			+ "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
			+ "   0: 00000000:07E8 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 83 1 00000000b7087920 100 0 0 10 0\n"
			+ "   1: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4242 1 0000000000000000 100 0 0 10 0\n"
			+ "   2: 0100007F:1F90 0100007F:C350 01 00000000:00000000 00:00000000 00000000  1000        0 4243 1 0000000000000000 20 4 30 10 -1\n"
			+ "   3: 0100007F:C350 0100007F:1F90 01 00000000:00000000 00:00000000 00000000  1000        0 4244 1 0000000000000000 20 4 30 10 -1\n"
			+ "   4: 020200C0:1F90 507100CB:0050 06 00000000:00000000 03:00001656 00000000     0        0 0 3 000000005a9eafbf\n";

	static final String TCP6 = ""
			+ "  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
			+ "   0: 00000000000000000000000000000000:1F90 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 5555 1 0000000000000000 100 0 0 10 0\n"
			+ "   1: 00000000000000000000000001000000:1F91 00000000000000000000000000000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 5556 1 0000000000000000 100 0 0 10 0\n";

	static final String UDP = ""
			+ "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops\n"
			+ "  123: 00000000:1F90 00000000:0000 07 00000000:00000000 00:00000000 00000000   107        0 6666 2 0000000000000000 0\n";

	@Test
	void keepsTheEntriesWhoseLocalPortMatches() {
		assertThat(ProcNetSockets.parse(TCP, 8080)).containsExactly(
			new ProcNetSockets.Entry("127.0.0.1", 8080, 0x0A, 1000, 4242),
			new ProcNetSockets.Entry("127.0.0.1", 8080, 0x01, 1000, 4243),
			new ProcNetSockets.Entry("192.0.2.2", 8080, 0x06, 0, 0));
		assertThat(ProcNetSockets.parse(TCP6, 8080)).containsExactly(new ProcNetSockets.Entry("[::]", 8080, 0x0A, 1000, 5555));
		assertThat(ProcNetSockets.parse(TCP6, 8081)).singleElement()
			.satisfies(entry -> assertThat(entry.localAddress()).isEqualTo("[::1]"));
		assertThat(ProcNetSockets.parse(UDP, 8080)).containsExactly(new ProcNetSockets.Entry("0.0.0.0", 8080, 0x07, 107, 6666));
		assertThat(ProcNetSockets.parse(TCP, 9999)).isEmpty();
	}

	@Test
	void writesIpv6AddressesShort() {
		assertThat(ProcNetSockets.address("00000000000000000000000000000000")).isEqualTo("[::]");
		assertThat(ProcNetSockets.address("00000000000000000000000001000000")).isEqualTo("[::1]");
		assertThat(ProcNetSockets.address("0000000000000000FFFF00000100007F")).isEqualTo("[::ffff:7f00:1]");
		assertThat(ProcNetSockets.address("000080FE00000000FF0000020300FEFF")).isEqualTo("[fe80::200:ff:fffe:3]");
	}

	@Test
	void namesStatesAsSsDoes() {
		assertThat(ProcNetSockets.stateName(Protocol.TCP, 0x0A)).isEqualTo("LISTEN");
		assertThat(ProcNetSockets.stateName(Protocol.TCP, 0x07)).isEqualTo("BOUND (not listening)");
		assertThat(ProcNetSockets.stateName(Protocol.TCP, 0x06)).isEqualTo("TIME_WAIT");
		assertThat(ProcNetSockets.stateName(Protocol.UDP, 0x07)).isEqualTo("BOUND");
		assertThat(ProcNetSockets.stateName(Protocol.UDP, 0x01)).isEqualTo("CONNECTED");
		assertThat(ProcNetSockets.stateName(Protocol.TCP, 0x42)).isEqualTo("state 0x42");
	}

	@Test
	void readsSocketInodesFromDescriptorLinks() {
		assertThat(ProcNetSockets.socketInode("socket:[4242]")).isEqualTo(4242);
		assertThat(ProcNetSockets.socketInode("pipe:[4242]")).isEqualTo(-1);
		assertThat(ProcNetSockets.socketInode("/tmp/socket:[4242]")).isEqualTo(-1);
	}

	@Test
	void findsOwnersThroughDescriptorsAndReportsTheRestByUid(@TempDir Path root) throws Exception {
		Path net = Files.createDirectories(root.resolve("net"));
		Files.writeString(net.resolve("tcp"), TCP);
		Files.writeString(net.resolve("tcp6"), TCP6);
		Path proc = Files.createDirectories(root.resolve("proc"));
		long self = ProcessHandle.current().pid();
		Path fd = Files.createDirectories(proc.resolve(Long.toString(self)).resolve("fd"));
		Files.createSymbolicLink(fd.resolve("3"), Path.of("socket:[4242]"));
		Files.createSymbolicLink(fd.resolve("4"), Path.of("pipe:[99]"));
		Files.createSymbolicLink(fd.resolve("5"), Path.of("socket:[5555]"));
		Files.createDirectories(proc.resolve("77")); // a process whose fd folder cannot be read
		Files.createDirectories(proc.resolve("self"));

		SocketTable.Lookup lookup = new ProcNetSockets(net, proc).find(8080, Protocol.TCP);

		assertThat(lookup.caveat()).isEmpty();
		assertThat(lookup.holders()).extracting(SocketHolder::localAddress, SocketHolder::state, SocketHolder::pid)
			.containsExactly(
				org.assertj.core.groups.Tuple.tuple("127.0.0.1:8080", "LISTEN", self),
				org.assertj.core.groups.Tuple.tuple("127.0.0.1:8080", "ESTABLISHED", PortHolder.UNKNOWN_PID),
				org.assertj.core.groups.Tuple.tuple("192.0.2.2:8080", "TIME_WAIT", PortHolder.UNKNOWN_PID),
				org.assertj.core.groups.Tuple.tuple("[::]:8080", "LISTEN", self));
		assertThat(lookup.holders().get(1).note()).isEqualTo("owned by uid 1000; no process this user may inspect has it open");
		assertThat(lookup.holders().get(2).note()).startsWith("no process owns it");
		assertThat(lookup.holders().get(0).describe()).isEqualTo("TCP LISTEN on 127.0.0.1:8080 by pid " + self + " (this JVM)");
	}

	@Test
	void saysWhichTableItCouldNotRead(@TempDir Path root) {
		SocketTable.Lookup lookup = new ProcNetSockets(root, root).find(8080, Protocol.UDP);
		assertThat(lookup.holders()).isEmpty();
		assertThat(lookup.caveat()).startsWith("cannot read " + root.resolve("udp"));
	}
}
