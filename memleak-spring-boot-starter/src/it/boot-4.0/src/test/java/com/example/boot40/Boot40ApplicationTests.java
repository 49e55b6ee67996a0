package com.example.boot40;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class Boot40ApplicationTests {

	@LocalServerPort
	int port;

	private final HttpClient client = HttpClient.newHttpClient();

	@Test
	void starterWorksOnSpringBoot40() throws Exception {
		assertThat(SpringBootVersion.getVersion()).startsWith("4.0.");
		for (int i = 0; i < 20; i++) {
			assertThat(get("/items/" + i).statusCode()).isEqualTo(200);
		}
		String report = get("/actuator/memoryleak").body();
		assertThat(report).contains("\"uri\":\"/items/{id}\"").contains("\"count\":20");
		String metrics = get("/actuator/prometheus").body();
		assertThat(metrics).contains("memleak_request_allocated_bytes_total{")
			.contains("uri=\"/items/{id}\"")
			.contains("memleak_leak_status{")
			.contains("memleak_heap_live_bytes")
			.contains("memleak_errors_total{");
		assertThat(report).contains("\"status\":").contains("\"heap\":").contains("\"suspects\":");
		assertThat(get("/actuator/memoryleak/snapshots").statusCode()).isEqualTo(200);
		assertThat(get("/actuator/memoryleak/nothing").statusCode()).isEqualTo(400);
		assertThat(metrics.lines().filter((line) -> line.startsWith("memleak_request_allocated_bytes_total{"))
			.filter((line) -> line.contains("/items/{id}"))
			.mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.sum()).isGreaterThan(20 * 64 * 1024);
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
