package io.github.freeport.allocation;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.freeport.ConfiguredRequests;
import io.github.freeport.PortReservation;
import io.github.freeport.config.Configuration;

/**
 * A child JVM for {@link BlockContentionTests}: leases blocks from a shared range many times, proving
 * exclusivity with marker files created while a block is held; then idles until stdin closes.
 * Arguments: registry folder, marker folder, first port, last port, block size, iterations.
 */
public final class BlockWorker {

	public static void main(String[] args) throws Exception {
		Configuration configuration = Configuration.of(Map.of("freeport.registry.dir", args[0]), Map.of());
		Path markers = Path.of(args[1]);
		int from = Integer.parseInt(args[2]);
		int to = Integer.parseInt(args[3]);
		int size = Integer.parseInt(args[4]);
		int iterations = Integer.parseInt(args[5]);
		System.out.println("READY " + ProcessHandle.current().pid());
		for (int i = 0; i < iterations; i++) {
			List<PortReservation> block = ConfiguredRequests.request(configuration).range(from, to).quarantine(Duration.ZERO)
				.exhaustionTimeout(Duration.ofSeconds(60)).owner("block worker " + i).reserveBlock(size);
			try {
				for (PortReservation port : block) {
					try {
						Files.createFile(markers.resolve("held-" + port.port()));
					}
					catch (FileAlreadyExistsException e) {
						System.out.println("DUPLICATE " + port.port());
						System.exit(2);
					}
				}
				for (PortReservation port : block) {
					Files.delete(markers.resolve("held-" + port.port()));
				}
			}
			finally {
				block.forEach(PortReservation::close);
			}
		}
		System.out.println("IDLE");
		new BufferedReader(new InputStreamReader(System.in)).readLine();
	}
}
