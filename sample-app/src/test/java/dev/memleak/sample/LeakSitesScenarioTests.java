package dev.memleak.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The per-request leak of the sample app with leak sites recording from startup: the
 * method that allocates the leaked audit entries becomes a leak site, and the diagnosis
 * names the audit entry, that method and the route whose handler calls it. Heap snapshots
 * every second force the old-generation collections a leak site needs (two of them); a
 * leaking service gets them from its growing heap.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "sample.leak.enabled=true", "sample.leak.bytes-per-request=4KB", "sample.job.interval=1h",
				"memleak.snapshot.interval=1s", "memleak.snapshot.initial-delay=0s", "memleak.snapshot.jitter=0s",
				"memleak.sites.enabled=true", "memleak.sites.start-when-suspected=false",
				"memleak.sites.emission-interval=1s", "management.endpoint.memoryleak.access=unrestricted" })
@DirtiesContext
class LeakSitesScenarioTests {

	static final String RECORD_LOOKUP = "dev.memleak.sample.AuditLog.recordLookup(AuditLog.java:";

	@LocalServerPort
	int port;

	private final HttpClient client = HttpClient.newHttpClient();

	@Test
	void theMethodThatAllocatesTheLeakedEntriesIsALeakSite() throws Exception {
		try (Load load = new Load(this.port, (n) -> "/owners/" + n, 2)) {
			await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
				List<Map<String, Object>> sites = report().read("$.sites");
				assertThat(sites).anySatisfy((site) -> {
					assertThat(site).containsEntry("leak", true);
					assertThat((List<String>) site.get("stackTrace")).first().asString().startsWith(RECORD_LOOKUP);
					assertThat((List<String>) site.get("stackTrace"))
						.anyMatch((frame) -> frame.startsWith("dev.memleak.sample.OwnerController.owner("));
				});
			});
			await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
				DocumentContext report = report();
				assertThat(report.read("$.diagnosis.leaks[0].leakingClass.className", String.class))
					.isEqualTo("dev.memleak.sample.AuditLog$AuditEntry");
				assertThat(report.read("$.diagnosis.leaks[0].allocationSite.frame", String.class))
					.startsWith(RECORD_LOOKUP);
				assertThat(report.read("$.diagnosis.leaks[0].workload.name", String.class))
					.isEqualTo("GET /owners/{id}");
				assertThat(report.read("$.diagnosis.leaks[0].workload.kind", String.class)).isEqualTo("ROUTE");
				assertThat(report.read("$.notes[0]", String.class))
					.startsWith("Leak: dev.memleak.sample.AuditLog$AuditEntry")
					.contains("by GET /owners/{id}");
			});
			assertThat(load.failed()).isZero();
		}
		// The scheduled emission runs every second: an emission on demand meanwhile is
		// BUSY.
		DocumentContext emission = await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(300))
			.until(() -> JsonPath.parse(post("/actuator/memoryleak/sites")),
					(result) -> !"BUSY".equals(result.read("$.status", String.class)));
		assertThat(emission.read("$.status", String.class)).isEqualTo("COMPLETED");
		assertThat(emission.read("$.samples", Integer.class)).isPositive();
		DocumentContext section = JsonPath.parse(get("/actuator/memoryleak/sites"));
		assertThat(section.read("$.status", String.class)).isEqualTo("RECORDING");
		assertThat(get("/actuator/prometheus")).contains("memleak_sites_emission_duration_seconds_count{"
				+ "application=\"memleak-sample\",outcome=\"SUCCESS\"}");
	}

	private DocumentContext report() throws Exception {
		return JsonPath.parse(get("/actuator/memoryleak"));
	}

	private String get(String path) throws Exception {
		return send(HttpRequest.newBuilder(uri(path)).build());
	}

	private String post(String path) throws Exception {
		return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()).build());
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	private String send(HttpRequest request) throws Exception {
		return this.client.send(request, HttpResponse.BodyHandlers.ofString()).body();
	}

}
