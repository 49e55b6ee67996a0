package dev.memleak.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import dev.memleak.heap.DetectionResult;
import dev.memleak.heap.LeakMonitor;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample application with the starter, on a real server and a random port.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SampleApplicationTests {

	private static final long MIB = 1024 * 1024;

	private final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Autowired
	LeakMonitor monitor;

	@Test
	void distinctIdsProduceExactlyOneUriSeries() throws Exception {
		for (int id = 0; id < 300; id++) {
			assertThat(get("/owners/" + (1_000_000 + id)).statusCode()).isEqualTo(200);
		}
		List<String> series = metricLines("memleak_request_allocated_bytes_total");
		assertThat(series).filteredOn((line) -> line.contains("uri=\"/owners/{id}\"")).hasSize(1);
		assertThat(series).filteredOn((line) -> line.matches(".*uri=\"/owners/[0-9].*")).isEmpty();
		assertThat(metricLines("memleak_request_allocated_bytes")).noneMatch((line) -> line.contains("1000299"));
	}

	@Test
	void aRequestThatAllocatesOneMebibyteIsMeasuredAsOneMebibyte() throws Exception {
		for (int i = 0; i < 30; i++) {
			get("/blobs/" + MIB);
		}
		double before = sum("/blobs/{size}");
		assertThat(get("/blobs/" + MIB).statusCode()).isEqualTo(200);
		double measured = sum("/blobs/{size}") - before;
		assertThat(measured).isBetween((double) MIB, 1.5 * MIB);
	}

	@Test
	void prometheusCarriesOneAllocationCounterPerRoute() throws Exception {
		get("/reports/2024");
		get("/reports/not-a-year");
		String body = get("/actuator/prometheus").body();
		// Statuses and outcomes are http_server_requests' labels: one series per (method,
		// uri), the mean per request is the ratio of the two (docs/metrics.md).
		assertThat(body).contains("# TYPE memleak_request_allocated_bytes_total counter")
			.doesNotContain("memleak_request_allocated_bytes_count")
			.doesNotContain("memleak_request_allocated_bytes_max")
			.containsPattern("memleak_request_allocated_bytes_total\\{application=\"memleak-sample\",method=\"GET\","
					+ "uri=\"/reports/\\{year\\}\"} [1-9]")
			.containsPattern("http_server_requests_seconds_count\\{[^}]*method=\"GET\",[^}]*"
					+ "uri=\"/reports/\\{year\\}\"} [1-9]");
		assertThat(metricLines("memleak_request_allocated_bytes_total"))
			.filteredOn((line) -> line.contains("uri=\"/reports/{year}\""))
			.hasSize(1);
	}

	@Test
	void memoryLeakEndpointReturnsTheReport() throws Exception {
		get("/owners/7");
		get("/owners/7/pets/2");
		// The report carries the detector's current verdict: read it while no evaluation
		// replaces the verdict (the detector evaluates every 30 seconds).
		HttpResponse<String> response;
		DetectionResult before;
		DetectionResult after;
		int attempts = 0;
		do {
			assertThat(attempts++).as("a report between two evaluations").isLessThan(5);
			before = this.monitor.current();
			response = get("/actuator/memoryleak");
			after = this.monitor.current();
		}
		while (before != after);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/vnd.spring-boot.actuator.v3+json"));
		DocumentContext json = JsonPath.parse(response.body());
		assertThat(json.read("$.status", String.class)).isEqualTo(before.verdict().status().name());
		assertThat(json.read("$.heap.samples", Integer.class)).isEqualTo(before.verdict().heap().samples());
		Map<String, Object> heap = json.read("$.heap");
		assertThat(heap).containsKeys("liveBytes", "maxBytes", "growthBytesPerSecond", "confidence",
				"projectedExhaustion", "samples");
		List<Map<String, Object>> requests = json.read("$.requests");
		assertThat(requests).isNotEmpty()
			.allSatisfy((route) -> assertThat(route).containsKeys("method", "uri", "count", "allocatedBytesMean",
					"allocatedBytesMax"));
		assertThat(requests).anySatisfy((route) -> assertThat(route).containsEntry("uri", "/owners/{id}"));
		List<Number> totals = json.read("$.requests[*].allocatedBytesTotal", List.class);
		assertThat(totals.stream().map(Number::longValue).toList()).isSortedAccordingTo(Comparator.reverseOrder());
		assertThat(json.read("$.tasks", List.class)).isNotNull();
		assertThat(json.read("$.suspects", List.class)).isNotNull();
		assertThat(json.read("$.sites", List.class)).isNotNull();
	}

	@Test
	void writeOperationsAreNotOpenByDefault() throws Exception {
		// The sections are read (GET) and the actions written (POST) on the same paths:
		// with read-only access only GET is mapped.
		for (String path : List.of("/actuator/memoryleak", "/actuator/memoryleak/snapshots",
				"/actuator/memoryleak/sites")) {
			HttpResponse<String> response = this.client
				.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
					.POST(HttpRequest.BodyPublishers.noBody())
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as(path).isEqualTo(405);
		}
	}

	@Test
	void countsAddUpExactlyUnderConcurrentLoad() throws Exception {
		List<String> routes = List.of("/owners/{id}", "/owners/{ownerId}/pets/{petId}", "/quotes/{symbol}",
				"/reports/{year}");
		Map<String, Long> before = new java.util.HashMap<>();
		for (String route : routes) {
			before.put(route, count(route));
		}
		int threads = 8;
		int perThread = 60;
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		CountDownLatch start = new CountDownLatch(1);
		AtomicInteger failures = new AtomicInteger();
		List<Future<?>> futures = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			int thread = t;
			futures.add(executor.submit(() -> {
				start.await();
				for (int i = 0; i < perThread; i++) {
					String path = switch (i % 4) {
						case 0 -> "/owners/" + thread + "-" + i;
						case 1 -> "/owners/" + thread + "/pets/" + i;
						case 2 -> "/quotes/SYM" + thread + i;
						default -> "/reports/" + (2000 + i);
					};
					if (path.startsWith("/owners/") && path.contains("-")) {
						path = "/owners/" + (thread * 1000 + i);
					}
					if (get(path).statusCode() != 200) {
						failures.incrementAndGet();
					}
				}
				return null;
			}));
		}
		start.countDown();
		for (Future<?> future : futures) {
			future.get(60, TimeUnit.SECONDS);
		}
		executor.shutdown();
		assertThat(failures).hasValue(0);
		for (String route : routes) {
			assertThat(count(route) - before.get(route)).as(route).isEqualTo(threads * perThread / 4);
		}
	}

	private double sum(String uri) throws Exception {
		return seriesValue("memleak_request_allocated_bytes_total", uri);
	}

	private long count(String uri) throws Exception {
		List<Number> counts = JsonPath.parse(get("/actuator/memoryleak").body())
			.read("$.requests[?(@.method == 'GET' && @.uri == '" + uri + "')].count", List.class);
		return counts.isEmpty() ? 0 : counts.get(0).longValue();
	}

	private double seriesValue(String name, String uri) throws Exception {
		Pattern pattern = Pattern
			.compile("^" + name + "\\{[^}]*method=\"GET\",uri=\"" + Pattern.quote(uri) + "\"} (\\S+)$");
		for (String line : metricLines(name)) {
			Matcher matcher = pattern.matcher(line);
			if (matcher.matches()) {
				return Double.parseDouble(matcher.group(1));
			}
		}
		return 0;
	}

	private List<String> metricLines(String name) throws Exception {
		return get("/actuator/prometheus").body().lines().filter((line) -> line.startsWith(name)).toList();
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return this.client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
