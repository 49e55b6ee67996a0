package dev.memleak.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample's leaking background job, which no request touches, with heap snapshots
 * every second and leak sites recording from startup: the diagnosis names the archived
 * invoice, the job's method as its allocation site, and the job as a task, not a route.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "sample.job.leak.enabled=true", "sample.job.leak.interval=100ms",
				"sample.job.leak.bytes-per-run=64KB", "sample.job.interval=1h", "memleak.snapshot.interval=1s",
				"memleak.snapshot.initial-delay=0s", "memleak.snapshot.jitter=0s", "memleak.sites.enabled=true",
				"memleak.sites.start-when-suspected=false", "memleak.sites.emission-interval=1s" })
@DirtiesContext
class JobLeakDiagnosisScenarioTests {

	private static final String ARCHIVED_INVOICE = "dev.memleak.sample.InvoiceArchiveJob$ArchivedInvoice";

	@LocalServerPort
	int port;

	private final HttpClient client = HttpClient.newHttpClient();

	@Test
	void theDiagnosisNamesTheArchivedInvoiceTheJobsMethodAndTheJob() throws Exception {
		await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			DocumentContext report = report();
			String leak = "$.diagnosis.leaks[?(@.leakingClass.className == '" + ARCHIVED_INVOICE + "')]";
			assertThat(report.read(leak + ".allocationSite.frame", java.util.List.class)).singleElement()
				.asString()
				.startsWith("dev.memleak.sample.InvoiceArchiveJob.archive(InvoiceArchiveJob.java:");
			assertThat(report.read(leak + ".workload.kind", java.util.List.class)).containsExactly("TASK");
			assertThat(report.read(leak + ".workload.name", java.util.List.class))
				.containsExactly("InvoiceArchiveJob.archive");
			assertThat(report.read("$.diagnosis.state", String.class)).isEqualTo("DIAGNOSED");
		});
		assertThat(report().read("$.notes[0]", String.class)).contains("by the task InvoiceArchiveJob.archive");
	}

	private DocumentContext report() throws Exception {
		return JsonPath.parse(
				this.client
					.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/actuator/memoryleak"))
						.build(), HttpResponse.BodyHandlers.ofString())
					.body());
	}

}
