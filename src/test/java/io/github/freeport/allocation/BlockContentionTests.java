package io.github.freeport.allocation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.freeport.ConfiguredRequests;
import io.github.freeport.PortReservation;
import io.github.freeport.config.Configuration;
import io.github.freeport.testsupport.JavaProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Blocks and address detection across real JVMs. */
class BlockContentionTests {

	@TempDir
	Path temp;

	@Test
	void blocksFromSeveralJvmsNeverOverlapAndLeaveNothingBehind() throws Exception {
		Path registry = Files.createDirectory(temp.resolve("registry"));
		Path markers = Files.createDirectory(temp.resolve("markers"));
		List<JavaProcess> workers = new ArrayList<>();
		try {
			for (int i = 0; i < 3; i++) {
				workers.add(JavaProcess.start(BlockWorker.class, List.of("-Xshare:auto"), registry.toString(),
					markers.toString(), "28000", "28011", "3", "60"));
			}
			for (JavaProcess worker : workers) {
				worker.awaitLine("READY", 60);
			}
			for (JavaProcess worker : workers) {
				String line = worker.awaitLine("IDLE", 120);
				assertThat(line).isEqualTo("IDLE");
				assertThat(worker.output()).noneMatch(l -> l.startsWith("DUPLICATE"));
			}
			// every worker is alive and idle: the whole range must be free of leases
			Configuration shared = Configuration.of(Map.of("freeport.registry.dir", registry.toString()), Map.of());
			List<PortReservation> all = ConfiguredRequests.request(shared).range(28000, 28011).quarantine(Duration.ZERO)
				.exhaustionTimeout(Duration.ZERO).reserveBlock(12);
			all.forEach(PortReservation::close);
			assertThat(markers).isEmptyDirectory();
		}
		finally {
			for (JavaProcess worker : workers) {
				worker.close();
			}
		}
	}

	@Test
	void ipv6IsDetectedNotAssumed() throws Exception {
		boolean hostHasIpv6 = Files.exists(Path.of("/proc/net/if_inet6"));
		try (JavaProcess ipv4Only = JavaProcess.start(ProbeInfo.class, List.of("-Djava.net.preferIPv4Stack=true"),
				temp.toString());
				JavaProcess dual = JavaProcess.start(ProbeInfo.class, List.of(), temp.toString())) {
			assertThat(ipv4Only.awaitLine("IPV6", 60)).startsWith("IPV6 false PORT ");
			assertThat(ipv4Only.awaitExit(30)).isZero();
			if (hostHasIpv6) {
				assertThat(dual.awaitLine("IPV6", 60)).startsWith("IPV6 true PORT ");
			}
			assertThat(dual.awaitExit(30)).isZero();
		}
	}
}
