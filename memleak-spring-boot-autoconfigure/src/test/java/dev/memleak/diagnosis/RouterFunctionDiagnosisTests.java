package dev.memleak.diagnosis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import dev.memleak.test.Http;
import dev.memleak.test.ledger.LedgerApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Spring MVC's functional endpoints in a real application with a real old-object
 * recording: the route of a leaking handler function is read from the router function and
 * named from the lambda's frame on the allocation stack. The application lives outside
 * memleak's own packages ({@code dev.memleak.diagnosis} frames are memleak's, never the
 * application's).
 */
class RouterFunctionDiagnosisTests {

	@Test
	void routerFunctionsAreReadWithTheirNestedPathsAndMethods() {
		try (ConfigurableApplicationContext context = start()) {
			List<RouteMapping> mappings = context.getBean(MvcHandlerRoutes.class).routeMappings();
			assertThat(mappings).anySatisfy((mapping) -> {
				assertThat(mapping.patterns()).containsExactly("/ledger/{id}");
				assertThat(mapping.methods()).containsExactly("POST");
				assertThat(mapping.handler()).containsPattern("\\$\\$Lambda(\\$\\d+)?/0x").endsWith(".handle");
			});
			assertThat(mappings).anySatisfy((mapping) -> {
				assertThat(mapping.patterns()).containsExactly("/ledger");
				assertThat(mapping.methods()).containsExactly("GET");
			});
		}
	}

	@Test
	void aLeakingHandlerFunctionIsNamedByItsRoute() {
		try (ConfigurableApplicationContext context = start("--memleak.sites.enabled=true",
				"--memleak.sites.start-when-suspected=false", "--memleak.sites.emission-interval=1s",
				"--memleak.snapshot.interval=2s", "--memleak.snapshot.initial-delay=0s", "--memleak.snapshot.jitter=0s",
				// The forced collections of live snapshots also give leak sites their
				// old-generation collections; the test JVM's heap may be above the
				// default.
				"--memleak.snapshot.max-heap-for-forced-gc=16GB")) {
			Http http = new Http(((WebServerApplicationContext) context).getWebServer().getPort());
			await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
				for (int i = 0; i < 20; i++) {
					assertThat(http.post("/ledger/" + i).statusCode()).isEqualTo(200);
				}
				DocumentContext report = JsonPath.parse(http.get("/actuator/memoryleak").body());
				List<Map<String, Object>> routes = report
					.read("$.diagnosis.leaks[?(@.workload.name == 'POST /ledger/{id}')].workload");
				assertThat(routes).isNotEmpty();
				assertThat(report.read("$.requests[*].uri", List.class)).contains("/ledger/{id}");
			});
		}
	}

	private ConfigurableApplicationContext start(String... args) {
		List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--spring.main.banner-mode=off",
				"--management.endpoints.web.exposure.include=memoryleak"));
		arguments.addAll(List.of(args));
		return new SpringApplication(LedgerApplication.class).run(arguments.toArray(String[]::new));
	}

}
