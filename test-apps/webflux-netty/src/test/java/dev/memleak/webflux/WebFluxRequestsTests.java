package dev.memleak.webflux;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.DocumentContext;
import dev.memleak.request.ReactiveRequestMemoryFilter;
import dev.memleak.request.RequestAllocationRecorder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.reactive.context.ReactiveWebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Requests of a WebFlux application on a real Netty server: counted per route pattern,
 * measured exactly where the exchange completes in one run on the event loop, counted
 * with the reason where it cannot be measured.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "spring.web.resources.add-mappings=false")
class WebFluxRequestsTests {

	private static final long MIB = 1024 * 1024;

	@LocalServerPort
	int port;

	@Autowired
	ApplicationContext context;

	Http http;

	@BeforeEach
	void createClient() {
		this.http = new Http(this.port);
	}

	@Test
	void runsOnNettyWithTheReactiveFilterAndNoServletApi() {
		assertThat(this.context).isInstanceOf(ReactiveWebServerApplicationContext.class);
		assertThat(((ReactiveWebServerApplicationContext) this.context).getWebServer().getClass().getName())
			.contains("Netty");
		assertThat(ClassUtils.isPresent("jakarta.servlet.Filter", null)).isFalse();
		assertThat(this.context.getBeansOfType(ReactiveRequestMemoryFilter.class)).hasSize(1);
	}

	@Test
	void annotatedAndFunctionalRoutesAreCountedByPatternNotByPath() {
		long owners = this.http.count("GET", "/owners/{id}");
		long items = this.http.count("GET", "/functional/items/{id}");
		for (int i = 0; i < 40; i++) {
			assertThat(this.http.get("/owners/" + (5000 + i)).statusCode()).isEqualTo(200);
			assertThat(this.http.get("/functional/items/item-" + i).statusCode()).isEqualTo(200);
		}
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(this.http.count("GET", "/owners/{id}")).isEqualTo(owners + 40);
			assertThat(this.http.count("GET", "/functional/items/{id}")).isEqualTo(items + 40);
		});
		List<String> uris = this.http.report().read("$.requests[*].uri");
		assertThat(uris).noneMatch((uri) -> uri.contains("item-") || uri.matches(".*/[0-9]+$"));
		assertThat(this.http.metricLines("memleak_request_allocated_bytes_total"))
			.filteredOn((line) -> line.contains("uri=\"/owners/{id}\""))
			.hasSize(1);
	}

	@Test
	void anExchangeThatCompletesOnTheEventLoopIsMeasuredExactly() {
		for (int i = 0; i < 20; i++) {
			this.http.get("/blobs/" + MIB);
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> blobsSum() > 0);
		double before = blobsSum();
		long count = this.http.count("GET", "/blobs/{size}");
		assertThat(this.http.get("/blobs/" + MIB).statusCode()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.http.count("GET", "/blobs/{size}") > count);
		assertThat(blobsSum() - before).isBetween((double) MIB, 1.5 * MIB);
		Map<String, Object> route = this.http.route("GET", "/blobs/{size}");
		assertThat(((Number) route.get("measuredCount")).longValue())
			.isEqualTo(((Number) route.get("count")).longValue());
		assertThat(route.get("allocationUnavailable")).isNull();
		assertThat(((Number) route.get("allocatedBytesMax")).longValue()).isBetween(MIB, MIB + MIB / 2);
	}

	private double blobsSum() {
		String prefix = "memleak_request_allocated_bytes_total{application=\"webflux-netty\",method=\"GET\","
				+ "uri=\"/blobs/{size}\"} ";
		return this.http.metricLines(prefix)
			.stream()
			.mapToDouble((line) -> Double.parseDouble(line.substring(prefix.length())))
			.sum();
	}

	@Test
	void anExchangeThatWaitsForATimerIsCountedWithItsBytesUnavailable() {
		assertUnmeasured("/delayed/", "/delayed/{id}");
	}

	@Test
	void anExchangeThatHopsThreadsIsCountedWithItsBytesUnavailable() {
		assertUnmeasured("/hop/", "/hop/{id}");
	}

	private void assertUnmeasured(String path, String pattern) {
		long before = this.http.count("GET", pattern);
		for (int i = 0; i < 25; i++) {
			assertThat(this.http.get(path + i).statusCode()).isEqualTo(200);
		}
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(this.http.count("GET", pattern)).isEqualTo(before + 25));
		Map<String, Object> route = this.http.route("GET", pattern);
		assertThat(route).containsEntry("measuredCount", 0).containsEntry("allocatedBytesMean", null);
		assertThat((String) route.get("allocationUnavailable")).startsWith("completed asynchronously");
	}

	@Test
	void unmatchedAndFailingExchangesGoToTheirBucketsAndStatuses() {
		assertThat(this.http.get("/no/such/route").statusCode()).isEqualTo(404);
		assertThat(this.http.get("/blobs/-1").statusCode()).isEqualTo(400);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(this.http.count("GET", RequestAllocationRecorder.NOT_FOUND)).isPositive();
			// Statuses are http.server.requests' (same uri values); memleak's counter is
			// one per (method, uri).
			assertThat(this.http.metricLines("http_server_requests_seconds_count"))
				.anyMatch((line) -> line.contains("status=\"400\"") && line.contains("uri=\"/blobs/{size}\""));
			assertThat(this.http.metricLines("memleak_request_allocated_bytes_total"))
				.anyMatch((line) -> line.contains("uri=\"/blobs/{size}\""))
				.noneMatch((line) -> line.contains("status="));
		});
		assertThat(this.http.metricLines("memleak_request_allocated_bytes"))
			.noneMatch((line) -> line.contains("/no/such"));
	}

	@Test
	void actuatorScrapesAreNeitherMeasuredNorCounted() {
		for (int i = 0; i < 5; i++) {
			assertThat(this.http.get("/actuator/prometheus").statusCode()).isEqualTo(200);
			assertThat(this.http.get("/actuator/health").statusCode()).isEqualTo(200);
		}
		// A measured request after them: once it is recorded, so would they be.
		long owners = this.http.count("GET", "/owners/{id}");
		assertThat(this.http.get("/owners/1").statusCode()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.http.count("GET", "/owners/{id}") > owners);
		List<String> uris = this.http.report().read("$.requests[*].uri");
		assertThat(uris).isNotEmpty().noneMatch((uri) -> uri.startsWith("/actuator"));
	}

	@Test
	void prometheusCarriesTheRequestAndDetectorMeters() {
		this.http.get("/owners/7");
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(String.join("\n", this.http.metricLines("memleak_")))
				.containsPattern("memleak_request_allocated_bytes_total\\{application=\"webflux-netty\",method=\"GET\","
						+ "uri=\"/owners/\\{id\\}\"} [1-9]")
				.contains("memleak_heap_live_bytes")
				.contains("memleak_leak_suspected")
				.contains("memleak_errors_total{application=\"webflux-netty\",component=\"request\"} 0.0"));
	}

	@Test
	void theReportHasEverySectionAndRoutesSortedByAllocation() {
		this.http.get("/owners/8");
		this.http.get("/blobs/65536");
		DocumentContext report = this.http.report();
		assertThat(report.read("$.heap", Map.class)).containsKeys("liveBytes", "maxBytes", "growthBytesPerSecond",
				"confidence", "projectedExhaustion", "samples");
		assertThat(report.read("$.tasks", List.class)).isNotNull();
		assertThat(report.read("$.suspects", List.class)).isNotNull();
		assertThat(report.read("$.sites", List.class)).isNotNull();
		List<Number> totals = report.read("$.requests[*].allocatedBytesTotal");
		assertThat(totals).hasSizeGreaterThan(1);
		assertThat(totals.stream().map(Number::longValue).toList())
			.isSortedAccordingTo(java.util.Comparator.reverseOrder());
	}

}
