package com.example.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.github.freeport.testcontainers.ReservedPortBinding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

@Testcontainers(disabledWithoutDocker = true)   // no Docker engine: skipped, with the reason
@EnabledIf(value = "com.example.containers.LocalImage#buildable", disabledReason = "no /bin/busybox to build the example's image from (install busybox-static)")
class WebContainerTests {

	// tag::reserved-host-port[]
	static final GenericContainer<?> WEB = new GenericContainer<>(LocalImage.BUSYBOX_HTTPD)
		.withCommand("sh", "-c", "mkdir -p /www && echo hello > /www/index.html && exec httpd -f -p 80 -h /www")
		.withStartupTimeout(Duration.ofSeconds(60));

	// container port 80 on a host port reserved for this class: started before the tests, stopped after,
	// and only then is the port released
	@Container
	static final ReservedPortBinding BINDING = ReservedPortBinding.bind(WEB, 80);

	@Test
	void servesOnTheReservedHostPort() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient().send(
			HttpRequest.newBuilder(URI.create("http://localhost:" + BINDING.hostPort() + "/")).build(),
			HttpResponse.BodyHandlers.ofString());
		assertEquals("hello", response.body().trim());
	}
	// end::reserved-host-port[]

	@Test
	void theMappedPortIsTheReservedOne() {
		assertEquals(BINDING.hostPort(), WEB.getMappedPort(80));
		assertEquals(BINDING.hostPort(), BINDING.reservation(80).port());
	}
}
