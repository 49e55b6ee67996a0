package dev.memleak.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample application with its leaking background job on: the job shows up in the
 * report's {@code tasks} under its own name, and in Prometheus.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "sample.job.leak.enabled=true",
		"sample.job.leak.interval=100ms", "sample.job.leak.bytes-per-run=64KB" })
class BackgroundJobLeakTests {

	private static final long BYTES_PER_RUN = 64 * 1024;

	private final HttpClient client = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Test
	void leakingJobShowsUpInTasksUnderItsName() {
		await().untilAsserted(() -> {
			List<Map<String, Object>> tasks = JsonPath.parse(get("/actuator/memoryleak").body()).read("$.tasks");
			assertThat(tasks).anySatisfy((task) -> {
				assertThat(task).containsEntry("name", "InvoiceArchiveJob.archive");
				assertThat(((Number) task.get("count")).longValue()).isGreaterThanOrEqualTo(5);
				assertThat(((Number) task.get("allocatedBytesMean")).longValue()).isBetween(BYTES_PER_RUN,
						2 * BYTES_PER_RUN);
				assertThat(task).containsKeys("allocatedBytesMax", "failureCount", "durationMillisMean");
			});
		});
		assertThat(InvoiceArchiveJob.archived()).isGreaterThanOrEqualTo(5);
	}

	@Test
	void leakingJobIsInPrometheus() {
		await().untilAsserted(() -> assertThat(get("/actuator/prometheus").body())
			.containsPattern("memleak_task_allocated_bytes_total\\{application=\"memleak-sample\","
					+ "task=\"InvoiceArchiveJob.archive\"} [1-9]")
			.containsPattern("memleak_task_executions_total\\{application=\"memleak-sample\",outcome=\"SUCCESS\","
					+ "task=\"InvoiceArchiveJob.archive\"} [1-9]"));
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
