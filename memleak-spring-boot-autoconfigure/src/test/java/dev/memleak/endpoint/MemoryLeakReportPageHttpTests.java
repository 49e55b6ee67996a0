package dev.memleak.endpoint;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import dev.memleak.test.Http;
import dev.memleak.test.TestWebApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Over HTTP, on a real servlet server: the endpoint answers a browser with the report
 * page and everything else with JSON, under the endpoint's exposure and access rules.
 */
class MemoryLeakReportPageHttpTests {

	private static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,"
			+ "image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7";

	@Test
	void browsersGetThePageAndEveryoneElseGetsJson() {
		try (ConfigurableApplicationContext context = start()) {
			Http http = http(context);
			HttpResponse<String> page = http.get("/actuator/memoryleak", BROWSER_ACCEPT);
			assertThat(page.statusCode()).isEqualTo(200);
			assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(
					(type) -> assertThat(type.toLowerCase()).startsWith("text/html").contains("charset=utf-8"));
			assertThat(page.body()).startsWith("<!DOCTYPE html>")
				.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src &#39;none&#39;;")
				.contains("<p id=\"status\" class=\"status\">UNKNOWN</p>");
			assertThat(http.get("/actuator/memoryleak", "text/html").body()).startsWith("<!DOCTYPE html>");
			for (String accept : List.of("application/json", "*/*", "application/vnd.spring-boot.actuator.v3+json")) {
				HttpResponse<String> json = http.get("/actuator/memoryleak", accept);
				assertThat(json.statusCode()).as(accept).isEqualTo(200);
				assertThat(JsonPath.parse(json.body()).read("$.status", String.class)).as(accept).isEqualTo("UNKNOWN");
				assertThat(JsonPath.parse(json.body()).read("$.heap.floorPoints", List.class)).as(accept).isEmpty();
			}
			HttpResponse<String> noAccept = http.get("/actuator/memoryleak");
			assertThat(JsonPath.parse(noAccept.body()).read("$.status", String.class)).isEqualTo("UNKNOWN");
			HttpResponse<String> section = http.get("/actuator/memoryleak/snapshots", BROWSER_ACCEPT);
			assertThat(section.statusCode()).isEqualTo(200);
			assertThat(section.body()).startsWith("{");
		}
	}

	@Test
	void thePageIsGoneWhenTheEndpointsAccessIsNone() {
		try (ConfigurableApplicationContext context = start("--management.endpoint.memoryleak.access=none")) {
			assertThat(http(context).get("/actuator/memoryleak", "text/html").statusCode()).isEqualTo(404);
		}
	}

	@Test
	void thePageIsNotServedUnlessTheEndpointIsExposedOverHttp() {
		try (ConfigurableApplicationContext context = new SpringApplication(TestWebApplication.class).run(
				"--server.port=0", "--spring.main.banner-mode=off",
				"--management.endpoints.web.exposure.include=health")) {
			assertThat(http(context).get("/actuator/memoryleak", "text/html").statusCode()).isEqualTo(404);
		}
	}

	private static ConfigurableApplicationContext start(String... args) {
		List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--spring.main.banner-mode=off",
				"--management.endpoints.web.exposure.include=memoryleak"));
		arguments.addAll(List.of(args));
		return new SpringApplication(TestWebApplication.class).run(arguments.toArray(String[]::new));
	}

	private static Http http(ConfigurableApplicationContext context) {
		return new Http(((WebServerApplicationContext) context).getWebServer().getPort());
	}

}
