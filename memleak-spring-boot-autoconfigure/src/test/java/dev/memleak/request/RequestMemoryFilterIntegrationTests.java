package dev.memleak.request;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import dev.memleak.test.Http;
import dev.memleak.test.TestWebApplication;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(classes = TestWebApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
		"management.endpoints.web.exposure.include=health,memoryleak", "spring.web.resources.add-mappings=false" })
class RequestMemoryFilterIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	RequestAllocationRecorder recorder;

	@Autowired
	MeterRegistry registry;

	Http http;

	@BeforeEach
	void createClient() {
		this.http = new Http(this.port);
	}

	@Test
	void distinctPathsOfOneHandlerShareOneRoute() {
		for (int i = 0; i < 50; i++) {
			assertThat(this.http.get("/things/" + i + "-abc").statusCode()).isEqualTo(200);
		}
		assertThat(route("GET", "/things/{id}")).hasValueSatisfying((route) -> {
			assertThat(route.count()).isGreaterThanOrEqualTo(50);
			assertThat(route.allocatedBytesMean()).isPositive();
		});
		assertThat(this.recorder.routes()).noneMatch((route) -> route.uri().contains("abc"));
		assertThat(this.registry.find(RouteRecord.METER_NAME).tag("uri", "/things/{id}").counters()).hasSize(1);
	}

	@Test
	void exceptionEscapingTheChainIsRecordedAsServerError() {
		assertThat(this.http.get("/boom").statusCode()).isEqualTo(500);
		// One counter per route: statuses and outcomes are http.server.requests' tags.
		Counter counter = this.registry.find(RouteRecord.METER_NAME).tags("method", "GET", "uri", "/boom").counter();
		assertThat(counter).isNotNull();
		assertThat(counter.getId().getTags()).extracting(Tag::getKey).containsExactlyInAnyOrder("method", "uri");
		assertThat(counter.count()).isPositive();
		assertThat(route("GET", "/boom").orElseThrow().count()).isEqualTo(1);
	}

	@Test
	void unmatchedRequestsGoToFixedBuckets() {
		assertThat(this.http.get("/no/such/route/here").statusCode()).isEqualTo(404);
		assertThat(route("GET", RequestAllocationRecorder.NOT_FOUND)).isPresent();
		assertThat(this.registry.find(RouteRecord.METER_NAME).tag("uri", "/no/such/route/here").counter()).isNull();
		assertThat(this.registry.find(RouteRecord.METER_NAME).tag("uri", RequestAllocationRecorder.NOT_FOUND).counter())
			.isNotNull();
	}

	@Test
	void redirectsKeepTheirHandlerPattern() {
		assertThat(this.http.get("/redirect").statusCode()).isEqualTo(302);
		assertThat(this.registry.find(RouteRecord.METER_NAME).tags("method", "GET", "uri", "/redirect").counter())
			.isNotNull();
	}

	@Test
	void actuatorIsExcludedByDefault() {
		long before = route("GET", "/things/{id}").map(RouteAllocation::count).orElse(0L);
		assertThat(this.http.get("/actuator/health").statusCode()).isEqualTo(200);
		// Positive control: a measured request sent after it (on the same connection,
		// which the server handles only once the first is done) is recorded.
		assertThat(this.http.get("/things/after-health").statusCode()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(route("GET", "/things/{id}"))
				.hasValueSatisfying((route) -> assertThat(route.count()).isEqualTo(before + 1)));
		assertThat(this.recorder.routes()).noneMatch((route) -> route.uri().startsWith("/actuator"));
	}

	@Test
	void asyncRequestsAreRecordedOnceWithTheirFinalStatus() {
		long before = countOf("/callable") + countOf("/deferred") + countOf("/future");
		assertThat(this.http.get("/callable").statusCode()).isEqualTo(200);
		assertThat(this.http.get("/deferred").statusCode()).isEqualTo(200);
		assertThat(this.http.get("/future").statusCode()).isEqualTo(201);
		await().untilAsserted(() -> assertThat(countOf("/callable") + countOf("/deferred") + countOf("/future"))
			.isEqualTo(before + 3));
		assertThat(this.registry.find(RouteRecord.METER_NAME).tags("uri", "/future").counter()).isNotNull();
		for (String uri : List.of("/callable", "/deferred", "/future")) {
			RouteAllocation route = route("GET", uri).orElseThrow();
			// Only the request-thread part is measured: real bytes, neither 0 nor
			// garbage.
			assertThat(route.allocatedBytesMax()).isPositive().isLessThan(50L * 1024 * 1024);
		}
	}

	@Test
	void theEndpointReportsRoutes() {
		this.http.get("/things/report");
		String body = this.http.get("/actuator/memoryleak").body();
		assertThat(body).contains("\"status\":\"UNKNOWN\"").contains("\"uri\":\"/things/{id}\"");
	}

	private long countOf(String uri) {
		return route("GET", uri).map(RouteAllocation::count).orElse(0L);
	}

	private Optional<RouteAllocation> route(String method, String uri) {
		return this.recorder.routes()
			.stream()
			.filter((route) -> route.method().equals(method) && route.uri().equals(uri))
			.findFirst();
	}

}
