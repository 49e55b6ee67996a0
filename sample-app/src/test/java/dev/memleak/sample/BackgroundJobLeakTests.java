package dev.memleak.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

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
	void leakingJobShowsUpInTasksUnderItsName() throws Exception {
		// A budget in the job's own runs (a second's worth is ten).
		Progress.until("the job in the report's tasks", Duration.ofMillis(100), () -> {
			List<Map<String, Object>> tasks = JsonPath.parse(get("/actuator/memoryleak").body()).read("$.tasks");
			assertThat(tasks).anySatisfy((task) -> {
				assertThat(task).containsEntry("name", "InvoiceArchiveJob.archive");
				assertThat(((Number) task.get("count")).longValue()).isGreaterThanOrEqualTo(5);
				assertThat(((Number) task.get("allocatedBytesMean")).longValue()).isBetween(BYTES_PER_RUN,
						2 * BYTES_PER_RUN);
				assertThat(task).containsKeys("allocatedBytesMax", "failureCount", "durationMillisMean");
			});
		}, Progress.budget("job runs", this::jobRuns, 100));
		assertThat(InvoiceArchiveJob.archived()).isGreaterThanOrEqualTo(5);
	}

	@Test
	void leakingJobIsInPrometheus() throws Exception {
		Progress
			.until("the job in Prometheus", Duration.ofMillis(100), () -> assertThat(get("/actuator/prometheus").body())
				.containsPattern("memleak_task_allocated_bytes_total\\{application=\"memleak-sample\","
						+ "task=\"InvoiceArchiveJob.archive\"} [1-9]")
				.containsPattern("memleak_task_executions_total\\{application=\"memleak-sample\",outcome=\"SUCCESS\","
						+ "task=\"InvoiceArchiveJob.archive\"} [1-9]"),
					Progress.budget("job runs", this::jobRuns, 100));
	}

	// This application's runs of the job, from its report (the archive is shared with
	// other contexts).
	private long jobRuns() {
		try {
			List<Number> runs = JsonPath.parse(get("/actuator/memoryleak").body())
				.read("$.tasks[?(@.name == 'InvoiceArchiveJob.archive')].count");
			return runs.stream().mapToLong(Number::longValue).sum();
		}
		catch (Exception ex) {
			return 0;
		}
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
