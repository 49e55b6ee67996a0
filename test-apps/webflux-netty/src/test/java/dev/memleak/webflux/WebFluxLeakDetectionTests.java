package dev.memleak.webflux;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
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
 * shows the leaking route, counted by its pattern. (The attribution of the growth to a
 * route needs ten floor points with execution counts in the window, which a loaded
 * machine may not give within the test's time.) The detection window is one minute
 * instead of thirty (as in the sample app's LeakDetectionIT); the surefire JVM marks from
 * 10% heap occupancy so floor points come every few seconds.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "app.audit.entry-size=4KB", "memleak.detection.window=60s", "memleak.detection.min-samples=6",
				"memleak.detection.min-duration=20s", "memleak.detection.evaluation-interval=2s",
				"memleak.detection.min-growth-per-hour=200MB", "memleak.snapshot.enabled=false" })
@DirtiesContext
class WebFluxLeakDetectionTests {

	private final ScheduledExecutorService load = Executors.newScheduledThreadPool(2);

	private final AtomicLong failures = new AtomicLong();

	@LocalServerPort
	int port;

	@AfterEach
	void stopLoadAndFreeTheLeak() throws Exception {
		this.load.shutdownNow();
		this.load.awaitTermination(10, TimeUnit.SECONDS);
		new Http(this.port).delete("/orders/audit");
	}

	@Test
	void theLeakingRouteIsSuspectedAndCountedByItsPattern() {
		AtomicLong sequence = new AtomicLong();
		// Up to 125 order lookups a second from two clients that wait for each answer (so
		// a slow machine gets fewer, never a pile-up), each retaining 4 KiB: about 1.8 GB
		// an hour. (With a second route at a steady rate beside it, the attribution
		// rightly says it cannot tell the two apart.)
		Http http = new Http(this.port);
		for (int client = 0; client < 2; client++) {
			this.load.scheduleWithFixedDelay(() -> send(http, "/orders/" + sequence.incrementAndGet()), 0, 16,
					TimeUnit.MILLISECONDS);
		}
		// Bounded by what detection needs rather than by wall-clock time, which a loaded
		// machine stretches: SUSPECTED before the detector has seen 60 floor points and
		// the application has served 20000 leaking requests (at least two minutes). The
		// wall-clock limit only stops a test that makes no progress.
		Set<String> floorPoints = new HashSet<>();
		String[] last = { "" };
		await().atMost(Duration.ofMinutes(8)).pollInterval(Duration.ofSeconds(2)).until(() -> {
			DocumentContext current = http.report();
			last[0] = current.jsonString();
			String floorPoint = current.read("$.heap.lastFloorPointAt");
			if (floorPoint != null) {
				floorPoints.add(floorPoint);
			}
			return "SUSPECTED".equals(current.read("$.status", String.class))
					|| floorPoints.size() >= 60 && http.count("GET", "/orders/{id}") >= 20_000;
		});
		assertThat(JsonPath.parse(last[0]).read("$.status", String.class))
			.as("SUSPECTED within %d floor points and %d leaking requests: %s", floorPoints.size(),
					http.count("GET", "/orders/{id}"), last[0])
			.isEqualTo("SUSPECTED");
		DocumentContext report = http.report();
		assertThat(report.read("$.heap.growthBytesPerSecond", Double.class)).as(report.jsonString()).isPositive();
		List<String> routes = report.read("$.requests[*].uri");
		assertThat(routes).as(report.jsonString()).containsExactly("/orders/{id}");
		assertThat(http.count("GET", "/orders/{id}")).isGreaterThan(1000);
		assertThat(this.failures).hasValue(0);
	}

	private void send(Http http, String path) {
		try {
			if (http.get(path).statusCode() != 200) {
				this.failures.incrementAndGet();
			}
		}
		catch (RuntimeException ex) {
			this.failures.incrementAndGet();
		}
	}

}
