package dev.memleak.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample application with its leaking background job on and non-leaking HTTP traffic
 * in irregular bursts: the detector attributes the live set's growth to the job, not to
 * any route. Full collections are forced twice a second so that the detector gets floor
 * points in seconds instead of minutes; the window and durations are shortened to match.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "sample.job.leak.enabled=true", "sample.job.leak.interval=50ms",
				"sample.job.leak.bytes-per-run=32KB", "sample.job.interval=1h", "memleak.detection.window=3m",
				"memleak.detection.min-duration=10s", "memleak.detection.evaluation-interval=500ms" })
@DirtiesContext
class BackgroundJobAttributionTests {

	private static final String JOB = "task InvoiceArchiveJob.archive";

	private static final double BYTES_PER_RUN = 32 * 1024;

	private final HttpClient client = HttpClient.newHttpClient();

	private final Random random = new Random(42);

	@LocalServerPort
	int port;

	@Test
	void detectorAttributesTheGrowthToTheLeakingJobRatherThanToAnyRoute() throws Exception {
		ScheduledExecutorService collector = Executors.newSingleThreadScheduledExecutor();
		// A real full collection: the only way to get floor points on demand.
		collector.scheduleWithFixedDelay(System::gc, 500, 500, TimeUnit.MILLISECONDS);
		try {
			for (int i = 0; i < 200; i++) {
				request();
			}
			// Budgets in what the attribution needs: runs of the job and floor points
			// (two a
			// second here), each three minutes' worth.
			Set<String> floorPoints = new HashSet<>();
			AtomicLong jobRuns = new AtomicLong();
			Progress.until("the growth attributed to the job", Duration.ofMillis(500), () -> {
				if (this.random.nextDouble() < 0.2) {
					for (int i = 0; i < 20 + this.random.nextInt(60); i++) {
						request();
					}
				}
				DocumentContext report = JsonPath.parse(get("/actuator/memoryleak").body());
				String floorPoint = report.read("$.heap.lastFloorPointAt");
				if (floorPoint != null) {
					floorPoints.add(floorPoint);
				}
				// This application's runs (the archive is shared with other contexts).
				List<Number> runs = report.read("$.tasks[?(@.name == 'InvoiceArchiveJob.archive')].count");
				runs.forEach((count) -> jobRuns.set(count.longValue()));
				assertThat(report.read("$.status", String.class)).isIn("WATCH", "SUSPECTED");
				List<Map<String, Object>> workloads = report.read("$.retention.workloads");
				assertThat(workloads).isNotEmpty();
				assertThat(workloads.get(0)).containsEntry("workload", JOB);
				// Each run retains a 32 KiB document plus a small record and a list slot.
				assertThat(((Number) workloads.get(0).get("retainedBytesPerCall")).doubleValue())
					.isBetween(0.75 * BYTES_PER_RUN, 2.0 * BYTES_PER_RUN);
				assertThat(workloads).extracting((workload) -> (String) workload.get("workload"))
					.allMatch((name) -> name.startsWith("task "));
			}, Progress.budget("job runs", jobRuns::get, 180 * 20),
					Progress.budget("floor points", floorPoints::size, 180 * 2));
		}
		finally {
			collector.shutdownNow();
		}
		List<Map<String, Object>> tasks = JsonPath.parse(get("/actuator/memoryleak").body()).read("$.tasks");
		assertThat(tasks).anySatisfy((task) -> assertThat(task).containsEntry("name", "InvoiceArchiveJob.archive"));
	}

	private void request() throws Exception {
		String path = switch (this.random.nextInt(3)) {
			case 0 -> "/owners/" + this.random.nextInt(1000);
			case 1 -> "/reports/" + (2000 + this.random.nextInt(20));
			default -> "/quotes/SYM" + this.random.nextInt(100);
		};
		assertThat(get(path).statusCode()).isEqualTo(200);
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
