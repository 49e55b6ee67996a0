package dev.memleak.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import dev.memleak.snapshot.ClassHistogramSnapshotter;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

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

	@Autowired
	ClassHistogramSnapshotter snapshotter;

	private final HttpClient client = HttpClient.newHttpClient();

	@Test
	void theMethodThatAllocatesTheLeakedEntriesIsALeakSite() throws Exception {
		SnapshotCounter snapshots = new SnapshotCounter(this.snapshotter);
		try (Load load = new Load(this.port, (n) -> "/owners/" + n, 2)) {
			// Budgets in what a leak site needs: old-generation collections (one per
			// snapshot) and leaking requests; 90 snapshots is a minute and a half at one
			// a second.
			Progress.until("a leak site in AuditLog.recordLookup", Duration.ofMillis(500), () -> {
				List<Map<String, Object>> sites = report().read("$.sites");
				assertThat(sites).anySatisfy((site) -> {
					assertThat(site).containsEntry("leak", true);
					assertThat((List<String>) site.get("stackTrace")).first().asString().startsWith(RECORD_LOOKUP);
					assertThat((List<String>) site.get("stackTrace"))
						.anyMatch((frame) -> frame.startsWith("dev.memleak.sample.OwnerController.owner("));
				});
			}, Progress.budget("snapshots", snapshots::completed, 90),
					Progress.budget("leaking requests", load::sent, 3000));
			int sited = snapshots.completed();
			Progress.until("the diagnosis naming the leak", Duration.ofMillis(500), () -> {
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
			}, Progress.budget("snapshots", () -> snapshots.completed() - sited, 60));
			assertThat(load.failed()).isZero();
		}
		// Only one emission runs at a time: a manual one that meets a scheduled one
		// (every
		// second here) answers BUSY and is asked again, each BUSY an emission that ran.
		AtomicInteger busy = new AtomicInteger();
		AtomicReference<DocumentContext> emission = new AtomicReference<>();
		Progress.until("a manual emission", Duration.ofMillis(100), () -> {
			emission.set(JsonPath.parse(post("/actuator/memoryleak/sites")));
			if ("BUSY".equals(emission.get().read("$.status", String.class))) {
				busy.incrementAndGet();
			}
			assertThat(emission.get().read("$.status", String.class)).isNotEqualTo("BUSY");
		}, Progress.budget("emissions found busy", busy::get, 20));
		assertThat(emission.get().read("$.status", String.class)).isEqualTo("COMPLETED");
		assertThat(emission.get().read("$.samples", Integer.class)).isPositive();
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
