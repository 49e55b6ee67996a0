package dev.memleak.request;

import java.time.Duration;

import dev.memleak.test.Http;
import dev.memleak.test.TestWebApplication;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A servlet application with the actuator on its own port: the request filter never sees
 * the management server's requests, so nothing needs excluding.
 */
@SpringBootTest(classes = TestWebApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "management.endpoints.web.exposure.include=health,memoryleak" })
class ServletManagementPortTests {

	@LocalServerPort
	int port;

	@LocalManagementPort
	int managementPort;

	@Autowired
	RequestSettings settings;

	@Autowired
	RequestAllocationRecorder recorder;

	@Test
	void nothingIsExcludedAndTheManagementPortsRequestsAreNotCounted() {
		assertThat(this.managementPort).isNotEqualTo(this.port);
		assertThat(this.settings.exclude()).isEmpty();
		Http management = new Http(this.managementPort);
		for (int i = 0; i < 3; i++) {
			assertThat(management.get("/actuator/health").statusCode()).isEqualTo(200);
		}
		assertThat(new Http(this.port).get("/things/1").statusCode()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.recorder.routes().stream().anyMatch((route) -> route.uri().equals("/things/{id}")));
		assertThat(this.recorder.routes()).extracting(RouteAllocation::uri).containsExactly("/things/{id}");
	}

}
