package dev.memleak.sample.page;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.DocumentContext;
import dev.memleak.sample.Load;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The report page of the sample application with its per-request leak, in headless
 * Chromium: it shows the verdict, the floor-point chart, the suspects and the leak sites
 * of the JSON report, in the reader's time zone, with no console error, no policy
 * violation and no request but its own. Heap snapshots every second force the collections
 * that give floor points and suspects in seconds; leak sites record from startup.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "sample.leak.enabled=true", "sample.leak.bytes-per-request=8KB", "sample.job.interval=1h",
				"memleak.snapshot.interval=1s", "memleak.snapshot.initial-delay=0s", "memleak.snapshot.jitter=0s",
				"memleak.detection.window=2m", "memleak.detection.min-duration=15s",
				"memleak.detection.evaluation-interval=3s", "memleak.sites.enabled=true",
				"memleak.sites.start-when-suspected=false", "memleak.sites.emission-interval=2s" })
@DirtiesContext
class ReportPageBrowserTests {

	private static final Path SCREENSHOTS = Path.of("target", "page-browser");

	@LocalServerPort
	int port;

	@Test
	void theLeakingAppsPageShowsTheVerdictTheChartAndTheSuspectsOfItsJson() throws Exception {
		ReportPageClient report = new ReportPageClient(this.port);
		try (HeadlessChromium chromium = HeadlessChromium.start()) {
			// The leak goes on while the page is checked: without it the suspects fade
			// within a few snapshots.
			try (Load load = new Load(this.port, (n) -> "/owners/" + n, 2)) {
				await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(1)).until(() -> {
					DocumentContext json = report.json();
					return json.read("$.status", String.class).equals("SUSPECTED")
							&& !json.read("$.suspects", List.class).isEmpty()
							&& !json.read("$.sites", List.class).isEmpty();
				});
				checkPage(chromium, report);
				assertThat(load.failed()).isZero();
			}
		}
	}

	private void checkPage(HeadlessChromium chromium, ReportPageClient report) throws Exception {
		BrowserPage page = chromium.newPage();
		page.timeZone("Asia/Tokyo");
		DocumentContext json = report.openWhileStill(page);
		page.screenshot(SCREENSHOTS.resolve("report-page-leak.png"));
		assertThat(page.problems()).isEmpty();
		assertThat(page.requests()).containsExactly(report.url());
		assertThat(report.get("text/html").body().getBytes(StandardCharsets.UTF_8)).hasSizeLessThan(200 * 1024);

		assertThat(page.evaluate("document.getElementById('status').textContent").asString())
			.isEqualTo(json.read("$.status", String.class));
		assertThat(page.evaluate("document.getElementById('verdict-note').textContent").asString())
			.isEqualTo(json.read("$.notes[0]", String.class));

		List<Map<String, Object>> floorPoints = json.read("$.heap.floorPoints");
		assertThat(floorPoints).hasSizeGreaterThanOrEqualTo(8);
		assertThat(page
			.evaluate("document.querySelector('#floor-chart path.points').getAttribute('d')" + ".split('M').length - 1")
			.asInt()).isEqualTo(floorPoints.size());
		assertThat(page.evaluate("document.querySelector('#floor-chart path.points').getBBox().width").asDouble())
			.isGreaterThan(100);
		assertThat(page.evaluate("document.querySelectorAll('#floor-chart path.trend').length").asInt()).isOne();

		List<String> suspects = json.read("$.suspects[*].className");
		assertThat(suspects).isNotEmpty();
		assertThat(page
			.evaluate("Array.from(document.querySelectorAll('#suspects td.suspect-class'))"
					+ ".map(function (cell) { return cell.textContent; }).join('\\n')")
			.asString()).isEqualTo(String.join("\n", suspects));
		assertThat(page.evaluate("document.querySelectorAll('#suspects svg.spark').length").asInt()).isPositive();

		assertThat(page.evaluate("document.querySelectorAll('#sites .site').length").asInt())
			.isEqualTo(json.read("$.sites.length()", Integer.class));
		assertThat(page
			.evaluate("Array.from(document.querySelectorAll('#sites li.app'))"
					+ ".some(function (frame) { return frame.textContent.indexOf("
					+ "'dev.memleak.sample.AuditLog.recordLookup(') === 0; })")
			.asBoolean()).isTrue();

		// Times in the reader's time zone: Japan is 9 hours ahead of UTC, without
		// summer time.
		assertThat(page.evaluate("document.querySelector('#verdict time').textContent").asString()).contains("GMT+9");
		assertThat(page.evaluate("document.getElementById('zone').textContent").asString()).isEqualTo("Asia/Tokyo");

		page.clickAndWait("#refresh");
		assertThat(page.requests()).containsExactly(report.url(), report.url());
		assertThat(page.problems()).isEmpty();
		assertThat(page.evaluate("document.getElementById('status').textContent").asString()).isNotEmpty();
	}

}
