package dev.memleak.endpoint;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.memleak.footprint.FootprintMonitor;
import dev.memleak.test.Http;
import dev.memleak.test.TestWebApplication;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The report's {@code footprint} section over real HTTP: where it stands, what it holds,
 * and that the former {@code nonHeap} section is gone.
 */
@SpringBootTest(classes = TestWebApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
		"management.endpoints.web.exposure.include=memoryleak", "memleak.footprint.sample-interval=200ms" })
class MemoryLeakEndpointFootprintTests {

	@LocalServerPort
	int port;

	@Autowired
	FootprintMonitor monitor;

	@Test
	void footprintFollowsTheHeapAndReplacesNonHeap() {
		await().atMost(Duration.ofSeconds(10)).until(() -> this.monitor.current().samples() >= 2);
		HttpResponse<String> response = new Http(this.port).get("/actuator/memoryleak");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode report = JsonMapper.builder().build().readTree(response.body());
		List<String> fields = new ArrayList<>(report.propertyNames());
		assertThat(fields).doesNotContain("nonHeap");
		assertThat(fields.indexOf("footprint")).isEqualTo(fields.indexOf("heap") + 1);
		JsonNode footprint = report.get("footprint");
		assertThat(footprint.get("samples").asInt()).isGreaterThanOrEqualTo(2);
		assertThat(footprint.get("categories")).hasSize(7);
		assertThat(footprint.get("categories").get(0).get("category").asString()).isNotBlank();
		assertThat(footprint.get("process").get("residentBytes").asLong()).isPositive();
		assertThat(footprint.get("nativeMemory").get("tracking").asString()).isEqualTo("off");
		assertThat(footprint.get("budget").get("heapMaxBytes").asLong()).isEqualTo(Runtime.getRuntime().maxMemory())
			.isPositive();
		assertThat(footprint.get("threadGroups").size()).isPositive();
		// This test JVM runs without NMT: the report says so, here and in the top-level
		// notes.
		assertThat(report.get("notes").toString()).contains("Native Memory Tracking is off");
	}

}
