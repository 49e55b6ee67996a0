package dev.memleak.endpoint;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import dev.memleak.snapshot.HeapSnapshot;
import dev.memleak.snapshot.SnapshotStatus;
import dev.memleak.test.Http;
import dev.memleak.test.TestWebApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Over HTTP, on a real server: taking a snapshot is a write operation, closed unless the
 * endpoint's access is raised.
 */
class MemoryLeakEndpointWriteAccessTests {

	@Test
	void takingASnapshotIsNotOpenByDefault() {
		try (ConfigurableApplicationContext context = start()) {
			Http http = http(context);
			assertThat(http.post("/actuator/memoryleak/snapshots").statusCode()).isEqualTo(405);
			HttpResponse<String> history = http.get("/actuator/memoryleak/snapshots");
			assertThat(history.statusCode()).isEqualTo(200);
			DocumentContext json = JsonPath.parse(history.body());
			assertThat(json.read("$.available", Boolean.class)).isTrue();
			assertThat(json.read("$.mode", String.class)).isEqualTo("LIVE");
			assertThat(json.read("$.snapshots", List.class)).isEmpty();
			HttpResponse<String> unknown = http.get("/actuator/memoryleak/heapdump");
			assertThat(unknown.statusCode()).isEqualTo(400);
			assertThat(JsonPath.parse(unknown.body()).read("$.reason", String.class))
				.isEqualTo("Unknown section 'heapdump'; known: sites, snapshots");
		}
	}

	@Test
	void aSecondSnapshotWhileOneRunsIsRefusedWithTooManyRequests() {
		HeapSnapshot busy = new HeapSnapshot(java.time.Instant.now(), dev.memleak.snapshot.SnapshotTrigger.ON_DEMAND,
				dev.memleak.snapshot.SnapshotMode.LIVE, SnapshotStatus.BUSY, java.time.Duration.ZERO, 0, 0, List.of(),
				"a snapshot is already running");
		assertThat(MemoryLeakWebEndpointExtension.statusOf(busy)).isEqualTo(429);
		assertThat(MemoryLeakWebEndpointExtension.statusOf(FeatureOff.of("Heap snapshots", "memleak.snapshot.enabled")))
			.isEqualTo(404);
	}

	@Test
	void takingASnapshotWorksWhenAccessIsUnrestricted() {
		try (ConfigurableApplicationContext context = start("--management.endpoint.memoryleak.access=unrestricted")) {
			Http http = http(context);
			HttpResponse<String> response = http.post("/actuator/memoryleak/snapshots");
			assertThat(response.statusCode()).isEqualTo(200);
			DocumentContext snapshot = JsonPath.parse(response.body());
			assertThat(snapshot.read("$.status", String.class)).isEqualTo("COMPLETED");
			assertThat(snapshot.read("$.trigger", String.class)).isEqualTo("ON_DEMAND");
			assertThat(snapshot.read("$.mode", String.class)).isEqualTo("LIVE");
			assertThat(snapshot.read("$.totalBytes", Long.class)).isPositive();
			List<Map<String, Object>> classes = snapshot.read("$.classes");
			assertThat(classes).isNotEmpty()
				.allSatisfy((count) -> assertThat(count).containsOnlyKeys("className", "instances", "bytes"));
			assertThat(classes).anySatisfy((count) -> assertThat(count).containsEntry("className", "java.lang.String"));
			DocumentContext history = JsonPath.parse(http.get("/actuator/memoryleak/snapshots").body());
			assertThat(history.read("$.snapshots[*].status", List.class)).containsExactly("COMPLETED");
			assertThat(history.read("$.snapshots[0]", Map.class)).containsKeys("time", "trigger", "mode", "status",
					"duration", "totalInstances", "totalBytes", "note");
			HttpResponse<String> unknown = http.post("/actuator/memoryleak/gc");
			assertThat(unknown.statusCode()).isEqualTo(400);
			assertThat(unknown.body()).contains("Unknown action 'gc'");
		}
	}

	private static ConfigurableApplicationContext start(String... args) {
		List<String> arguments = new java.util.ArrayList<>(List.of("--server.port=0", "--spring.main.banner-mode=off",
				"--management.endpoints.web.exposure.include=memoryleak"));
		arguments.addAll(List.of(args));
		return new SpringApplication(TestWebApplication.class).run(arguments.toArray(String[]::new));
	}

	private static Http http(ConfigurableApplicationContext context) {
		return new Http(((WebServerApplicationContext) context).getWebServer().getPort());
	}

}
