package dev.memleak.webflux;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.jayway.jsonpath.DocumentContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The leaking route under real HTTP load: the detector suspects a leak, and the report
 * attributes the growth to the leaking route, counted by its pattern. The detection
 * window is one minute instead of thirty (as in the sample app's LeakDetectionIT); the
 * surefire JVM marks from 10% heap occupancy so floor points come every few seconds.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "app.audit.entry-size=8KB", "memleak.detection.window=60s", "memleak.detection.min-samples=6",
				"memleak.detection.min-duration=20s", "memleak.detection.evaluation-interval=2s",
				"memleak.detection.min-growth-per-hour=200MB", "memleak.snapshot.enabled=false" })
@DirtiesContext
class WebFluxLeakDetectionTests {

	private final ScheduledExecutorService load = Executors.newScheduledThreadPool(2);

	private final HttpClient client = HttpClient.newHttpClient();

	private final AtomicLong failures = new AtomicLong();

	@LocalServerPort
	int port;

	@AfterEach
	void stopLoadAndFreeTheLeak() throws Exception {
		this.load.shutdownNow();
		this.load.awaitTermination(10, TimeUnit.SECONDS);
		this.client.send(request("/orders/audit").DELETE().build(), HttpResponse.BodyHandlers.discarding());
	}

	@Test
	void theLeakingRouteIsSuspectedAndNamed() {
		AtomicLong sequence = new AtomicLong();
		// 125 order lookups a second, each retaining 8 KiB: about 3.6 GB an hour. (With
		// a second route at a steady rate beside it, the attribution rightly says it
		// cannot tell the two apart.)
		this.load.scheduleAtFixedRate(() -> send("/orders/" + sequence.incrementAndGet()), 0, 8, TimeUnit.MILLISECONDS);
		Http http = new Http(this.port);
		await().atMost(Duration.ofMinutes(4))
			.pollInterval(Duration.ofSeconds(2))
			.until(() -> "SUSPECTED".equals(http.report().read("$.status", String.class)));
		// Attribution needs a few floor points with execution counts after that.
		await().atMost(Duration.ofMinutes(2))
			.pollInterval(Duration.ofSeconds(2))
			.until(() -> !http.report().read("$.retention.workloads", List.class).isEmpty());
		DocumentContext report = http.report();
		assertThat(report.read("$.status", String.class)).as(report.jsonString()).isEqualTo("SUSPECTED");
		assertThat(report.read("$.heap.growthBytesPerSecond", Double.class)).as(report.jsonString()).isPositive();
		List<String> attributed = report.read("$.retention.workloads[*].workload");
		assertThat(attributed).as(report.jsonString()).containsExactly("GET /orders/{id}");
		assertThat(report.read("$.retention.workloads[0].retainedBytesPerCall", Double.class)).as(report.jsonString())
			.isBetween(4.0 * 1024, 16.0 * 1024);
		assertThat(http.count("GET", "/orders/{id}")).isGreaterThan(1000);
		assertThat(this.failures).hasValue(0);
	}

	private void send(String path) {
		this.client.sendAsync(request(path).GET().build(), HttpResponse.BodyHandlers.discarding())
			.whenComplete((response, failure) -> {
				if (failure != null || response.statusCode() != 200) {
					this.failures.incrementAndGet();
				}
			});
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.timeout(Duration.ofSeconds(30));
	}

}
