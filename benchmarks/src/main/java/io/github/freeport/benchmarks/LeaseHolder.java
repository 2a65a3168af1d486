package io.github.freeport.benchmarks;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import io.github.freeport.PortReservation;
import io.github.freeport.Ports;

/**
 * A JVM that holds freeport leases on command: {@code hold N} grows or shrinks its leases to exactly N
 * (default range, no quarantine for its own requests) and prints {@code HELD N <ports>}; end of input or
 * {@code exit} ends it. The scaling and recovery benchmarks' "other JVM".
 */
public final class LeaseHolder {

	private LeaseHolder() {
	}

	public static void main(String[] args) throws Exception {
		List<PortReservation> held = new ArrayList<>();
		BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
		System.out.println("READY");
		System.out.flush();
		for (String line = in.readLine(); line != null && !line.equals("exit"); line = in.readLine()) {
			int wanted = Integer.parseInt(line.substring("hold ".length()).trim());
			while (held.size() > wanted) {
				held.remove(held.size() - 1).close();
			}
			while (held.size() < wanted) {
				held.add(Ports.request().quarantine(Duration.ZERO).owner("LeaseHolder").reserve());
			}
			System.out.println("HELD " + held.size() + " "
					+ held.stream().map(r -> String.valueOf(r.port())).collect(Collectors.joining(",")));
			System.out.flush();
		}
		held.forEach(PortReservation::close);
	}
}
