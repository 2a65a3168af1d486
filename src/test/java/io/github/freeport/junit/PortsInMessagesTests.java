package io.github.freeport.junit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PortsInMessagesTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
		"Address already in use | ''",
		"Address already in use: bind | ''",
		"Failed to bind to 0.0.0.0/0.0.0.0:8080 | 8080",
		"Failed to bind to localhost/127.0.0.1:8081 | 8081",
		"bind(..) failed: Address already in use: /[0:0:0:0:0:0:0:0]:8082 | 8082",
		"Address already in use: [::]:8083 | 8083",
		"listen tcp *:8084: bind | 8084",
		"Port 8085 was already in use. | 8085",
		"cannot start http://localhost:8086/health | 8086",
		"server.port=8087 is taken | 8087",
		"at 12:30:15 the bind failed | ''",
		"version 1.2.3:4 | ''",
		"0.0.0.0:70000 | ''",
		"127.0.0.1:9000 and port 9001 | 9000 9001",
	})
	void findsPortsInAddressesAndWordsOnly(String message, String expected) {
		Integer[] ports = expected.isEmpty() ? new Integer[0]
				: java.util.Arrays.stream(expected.split(" ")).map(Integer::valueOf).toArray(Integer[]::new);
		assertThat(PortsInMessages.in(message)).containsExactly(ports);
	}
}
