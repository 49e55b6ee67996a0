package dev.memleak.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import dev.memleak.snapshot.ClassHistogramSnapshotter;
import dev.memleak.snapshot.Suspect;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-request leak of the sample app, with a snapshot every second: the audit entry
 * becomes the top suspect, and the byte arrays it holds are explained by it.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "sample.leak.enabled=true", "sample.leak.bytes-per-request=2KB", "sample.job.interval=1h",
				"memleak.snapshot.interval=1s", "memleak.snapshot.initial-delay=0s", "memleak.snapshot.jitter=0s" })
@DirtiesContext
class LeakSuspectScenarioTests {

	private static final String AUDIT_ENTRY = "dev.memleak.sample.AuditLog$AuditEntry";

	@LocalServerPort
	int port;

	@Autowired
	ClassHistogramSnapshotter snapshotter;

	private final HttpClient client = HttpClient.newHttpClient();

	@Test
	void leakingClassBecomesTheTopSuspectAfterAFewSnapshots() throws Exception {
		SnapshotCounter snapshots = new SnapshotCounter(this.snapshotter);
		try (Load load = new Load(this.port, (n) -> "/owners/" + n, 3)) {
			// A few snapshots of a growing leak: 60 snapshots (a minute at one a second)
			// and 2000 leaking requests are far more than it takes.
			Progress.until("the audit entry as the top suspect", Duration.ofMillis(200),
					() -> assertThat(topSuspect()).isEqualTo(AUDIT_ENTRY),
					Progress.budget("snapshots", snapshots::completed, 60),
					Progress.budget("leaking requests", load::sent, 2000));
			assertThat(load.failed()).isZero();
		}
		List<Suspect> suspects = this.snapshotter.suspects();
		Suspect entry = suspects.get(0);
		assertThat(entry.instancesGrowth()).isPositive();
		assertThat(entry.snapshots()).isEqualTo(4);
		assertThat(entry.generic()).isFalse();
		assertThat(suspects).filteredOn((suspect) -> suspect.className().equals("[B"))
			.singleElement()
			.satisfies((bytes) -> assertThat(bytes.likelyOwners()).contains(AUDIT_ENTRY));
		String prometheus = get("/actuator/prometheus");
		assertThat(prometheus)
			.contains("memleak_suspect_bytes{application=\"memleak-sample\",class=\"" + AUDIT_ENTRY + "\",rank=\"1\"}");
		assertThat(prometheus).contains("memleak_snapshot_duration_seconds_count{application=\"memleak-sample\","
				+ "mode=\"live\",outcome=\"SUCCESS\"}");
	}

	private String topSuspect() throws Exception {
		List<Map<String, Object>> suspects = JsonPath.parse(get("/actuator/memoryleak")).read("$.suspects");
		return suspects.isEmpty() ? "" : (String) suspects.get(0).get("className");
	}

	private String get(String path) throws Exception {
		return this.client
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
					HttpResponse.BodyHandlers.ofString())
			.body();
	}

}
