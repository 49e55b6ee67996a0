package com.example.boot40;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class Boot40TaskTests {

	@LocalServerPort
	int port;

	@Autowired
	Boot40Jobs jobs;

	private final HttpClient client = HttpClient.newHttpClient();

	@Test
	void asyncAndScheduledTasksAreTrackedOnSpringBoot40() throws Exception {
		assertThat(SpringBootVersion.getVersion()).startsWith("4.0.");
		for (int i = 0; i < 5; i++) {
			assertThat(this.jobs.render(64 * 1024).get()).isEqualTo(64 * 1024);
		}
		await().untilAsserted(() -> assertThat(get("/actuator/memoryleak"))
			.contains("\"name\":\"Boot40Jobs.render\",\"count\":5")
			.contains("\"name\":\"Boot40Jobs.tick\""));
		assertThat(get("/actuator/prometheus")).contains("memleak_task_allocated_bytes_total{")
			.contains("task=\"Boot40Jobs.tick\"");
	}

	private String get(String path) throws Exception {
		return this.client
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
					HttpResponse.BodyHandlers.ofString())
			.body();
	}

}
