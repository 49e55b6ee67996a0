package dev.memleak.webflux;

import java.time.Duration;
import java.util.List;

import dev.memleak.request.RequestSettings;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The default of {@code memleak.request.exclude} follows where the actuator is actually
 * served, so that Prometheus scrapes never become a measured route; a value the user sets
 * is kept as set.
 */
class WebFluxActuatorExclusionTests {

	/**
	 * Scrape, then send one measured request and wait until it is recorded: had the
	 * scrapes been counted, they would be recorded by then too.
	 */
	static List<String> routesAfterScrapes(Http measured, String scrapePath, String ownerPath) {
		for (int i = 0; i < 3; i++) {
			assertThat(measured.getManagement(scrapePath).statusCode()).isEqualTo(200);
		}
		long owners = measured.count("GET", "/owners/{id}");
		assertThat(measured.get(ownerPath).statusCode()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(10)).until(() -> measured.count("GET", "/owners/{id}") > owners);
		return measured.report().read("$.requests[*].uri");
	}

	@Nested
	@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = "management.endpoints.web.base-path=/manage")
	class CustomManagementBasePath {

		@LocalServerPort
		int port;

		@Autowired
		RequestSettings settings;

		@Test
		void scrapesUnderTheCustomBasePathAreExcluded() {
			assertThat(this.settings.exclude()).containsExactly("/manage/**");
			Http http = new Http(this.port, this.port, "/manage");
			List<String> routes = routesAfterScrapes(http, "/manage/prometheus", "/owners/1");
			assertThat(routes).contains("/owners/{id}").noneMatch((uri) -> uri.startsWith("/manage"));
		}

	}

	@Nested
	@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "spring.webflux.base-path=/api")
	class WebFluxBasePath {

		@LocalServerPort
		int port;

		@Autowired
		RequestSettings settings;

		@Test
		void routesAndExclusionsAreRelativeToTheBasePath() {
			assertThat(this.settings.exclude()).containsExactly("/actuator/**");
			Http http = new Http(this.port, this.port, "/api/actuator");
			List<String> routes = routesAfterScrapes(http, "/api/actuator/prometheus", "/api/owners/1");
			assertThat(routes).contains("/owners/{id}").noneMatch((uri) -> uri.contains("actuator"));
		}

	}

	@Nested
	@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "management.server.port=0")
	class SeparateManagementPort {

		@LocalServerPort
		int port;

		@LocalManagementPort
		int managementPort;

		@Autowired
		RequestSettings settings;

		@Test
		void scrapesOnTheManagementPortAreNotCounted() {
			// WebFlux's management server applies the application's WebFilters.
			assertThat(this.managementPort).isNotEqualTo(this.port);
			assertThat(this.settings.exclude()).containsExactly("/actuator/**");
			Http http = new Http(this.port, this.managementPort, "/actuator");
			List<String> routes = routesAfterScrapes(http, "/actuator/prometheus", "/owners/1");
			assertThat(routes).contains("/owners/{id}").noneMatch((uri) -> uri.contains("actuator"));
		}

	}

	@Nested
	@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "memleak.request.exclude=/owners/**")
	class ExclusionSetByTheUser {

		@LocalServerPort
		int port;

		@Autowired
		RequestSettings settings;

		@Test
		void isKeptAsSet() {
			assertThat(this.settings.exclude()).containsExactly("/owners/**");
			Http http = new Http(this.port);
			assertThat(http.get("/owners/1").statusCode()).isEqualTo(200);
			assertThat(http.get("/actuator/prometheus").statusCode()).isEqualTo(200);
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(http.report().read("$.requests[*].uri", List.class))
					.contains("/actuator/prometheus"));
			assertThat(http.report().read("$.requests[*].uri", List.class)).doesNotContain("/owners/{id}");
		}

	}

}
