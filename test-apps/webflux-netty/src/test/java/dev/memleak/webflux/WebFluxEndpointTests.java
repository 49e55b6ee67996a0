package dev.memleak.webflux;

import java.net.http.HttpResponse;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import dev.memleak.browser.ReportPageClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code memoryleak} endpoint on WebFlux: the report, status codes of sections and
 * actions, and write operations closed unless opened.
 */
class WebFluxEndpointTests {

	@Nested
	@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
	class ByDefault {

		@LocalServerPort
		int port;

		Http http;

		@BeforeEach
		void createClient() {
			this.http = new Http(this.port);
		}

		@Test
		void theReportIsServedAsActuatorJson() {
			Http.Response response = this.http.get("/actuator/memoryleak");
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.contentType()).hasValueSatisfying(
					(type) -> assertThat(type).startsWith("application/vnd.spring-boot.actuator.v3+json"));
			assertThat(JsonPath.parse(response.body()).read("$.status", String.class)).isNotBlank();
		}

		@Test
		void aBrowserGetsTheReportAsAPageAndEveryoneElseAsJson() throws Exception {
			ReportPageClient report = new ReportPageClient(this.port);
			HttpResponse<String> page = report.get("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
			assertThat(page.statusCode()).isEqualTo(200);
			assertThat(page.headers().firstValue("Content-Type"))
				.hasValueSatisfying((type) -> assertThat(type.toLowerCase()).startsWith("text/html"));
			assertThat(page.body()).startsWith("<!DOCTYPE html>")
				.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src &#39;none&#39;;");
			for (String accept : List.of("*/*", "application/json")) {
				assertThat(JsonPath.parse(report.get(accept).body()).read("$.status", String.class)).as(accept)
					.isNotBlank();
			}
		}

		@Test
		void anUnknownSectionIsABadRequestWithTheReason() {
			Http.Response response = this.http.get("/actuator/memoryleak/bogus");
			assertThat(response.statusCode()).isEqualTo(400);
			assertThat(response.body()).contains("bogus");
		}

		@Test
		void theSnapshotHistoryIsReadable() {
			assertThat(this.http.get("/actuator/memoryleak/snapshots").statusCode()).isEqualTo(200);
		}

		@Test
		void writeOperationsAreNotOpenByDefault() {
			Http.Response snapshot = this.http.post("/actuator/memoryleak/snapshots");
			assertThat(snapshot.statusCode()).isEqualTo(405);
			assertThat(this.http.post("/actuator/memoryleak/sites").statusCode()).isEqualTo(405);
		}

	}

	@Nested
	@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = "management.endpoint.memoryleak.access=unrestricted")
	class WhenWritesAreOpened {

		@LocalServerPort
		int port;

		@Test
		void aSnapshotCanBeTakenAndLeakSitesStartOnDemand() {
			Http http = new Http(this.port);
			Http.Response snapshot = http.post("/actuator/memoryleak/snapshots");
			assertThat(snapshot.statusCode()).as(snapshot.body()).isEqualTo(200);
			assertThat(JsonPath.parse(snapshot.body()).read("$.status", String.class)).isEqualTo("COMPLETED");
			// Leak sites are on by default and wait, not recording, until a leak is
			// suspected: an emission on demand starts the recording.
			Http.Response sites = http.post("/actuator/memoryleak/sites");
			assertThat(sites.statusCode()).as(sites.body()).isEqualTo(200);
			assertThat(JsonPath.parse(sites.body()).read("$.status", String.class)).isEqualTo("STARTED");
		}

	}

	@Nested
	@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { "management.endpoint.memoryleak.access=unrestricted", "memleak.sites.enabled=true",
					"memleak.sites.start-when-suspected=false" })
	class WithLeakSites {

		@LocalServerPort
		int port;

		@Test
		void sitesAreRecordedAndEmittedOnDemand() {
			Http http = new Http(this.port);
			for (int i = 0; i < 200; i++) {
				http.get("/orders/" + i);
			}
			Http.Response emission = http.post("/actuator/memoryleak/sites");
			assertThat(emission.statusCode()).as(emission.body()).isEqualTo(200);
			Http.Response sites = http.get("/actuator/memoryleak/sites");
			assertThat(sites.statusCode()).as(sites.body()).isEqualTo(200);
			assertThat(JsonPath.parse(sites.body()).read("$.status", String.class)).as(sites.body())
				.isEqualTo("RECORDING");
		}

	}

}
