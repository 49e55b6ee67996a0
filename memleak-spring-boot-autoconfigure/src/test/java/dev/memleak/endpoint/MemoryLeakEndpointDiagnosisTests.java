package dev.memleak.endpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import dev.memleak.diagnosis.MvcHandlerRoutes;
import dev.memleak.diagnosis.RouteMapping;
import dev.memleak.test.Http;
import dev.memleak.test.TestWebApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The diagnosis in the report, over real HTTP: first after the status, its sentence first
 * in the notes, and the handler mappings it reads.
 */
class MemoryLeakEndpointDiagnosisTests {

	@Test
	void theDiagnosisComesFirstAfterTheStatusAndLeadsTheNotes() {
		try (ConfigurableApplicationContext context = start()) {
			Http http = new Http(((WebServerApplicationContext) context).getWebServer().getPort());
			String body = http.get("/actuator/memoryleak").body();
			DocumentContext report = JsonPath.parse(body);
			Map<String, Object> top = report.read("$");
			assertThat(new ArrayList<>(top.keySet())).startsWith("status", "statusSince", "diagnosis", "heap");
			assertThat(report.read("$.diagnosis.state", String.class)).isEqualTo("NONE");
			List<String> notes = report.read("$.notes");
			assertThat(notes).first().isEqualTo(report.read("$.diagnosis.summary", String.class));
			assertThat((Map<String, Object>) report.read("$.diagnosis")).containsOnlyKeys("state", "summary", "leaks",
					"pending");
		}
	}

	@Test
	void handlerMethodsAreReadFromTheApplicationsMappings() {
		try (ConfigurableApplicationContext context = start()) {
			List<RouteMapping> mappings = context.getBean(MvcHandlerRoutes.class).routeMappings();
			assertThat(mappings).contains(new RouteMapping("dev.memleak.test.TestWebApplication$Routes.thing",
					java.util.Set.of("GET"), java.util.Set.of("/things/{id}")));
		}
	}

	private ConfigurableApplicationContext start() {
		return new SpringApplication(TestWebApplication.class).run("--server.port=0", "--spring.main.banner-mode=off",
				"--management.endpoints.web.exposure.include=memoryleak");
	}

}
