package dev.memleak.sample.page;

import java.nio.file.Path;
import java.time.Duration;

import dev.memleak.browser.HeadlessChromium;
import dev.memleak.browser.LeakPageCheck;
import dev.memleak.sample.Load;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The report page of the sample application with its per-request leak, in headless
 * Chromium: it shows the verdict, the floor-point chart, the suspects and the leak sites
 * of the JSON report, in the reader's time zone, with no console error, no policy
 * violation and no request but its own ({@link LeakPageCheck}). Heap snapshots every
 * second force the collections that give floor points and suspects in seconds; leak sites
 * record from startup.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "sample.leak.enabled=true", "sample.leak.bytes-per-request=8KB", "sample.job.interval=1h",
				"memleak.snapshot.interval=1s", "memleak.snapshot.initial-delay=0s", "memleak.snapshot.jitter=0s",
				"memleak.detection.window=2m", "memleak.detection.min-duration=15s",
				"memleak.detection.evaluation-interval=3s", "memleak.sites.enabled=true",
				"memleak.sites.start-when-suspected=false", "memleak.sites.emission-interval=2s" })
@DirtiesContext
class ReportPageBrowserTests {

	@LocalServerPort
	int port;

	@Test
	void theLeakingAppsPageShowsTheVerdictTheChartAndTheSuspectsOfItsJson() throws Exception {
		LeakPageCheck page = new LeakPageCheck(this.port, "dev.memleak.sample.AuditLog.recordLookup(",
				Path.of("target", "page-browser", "report-page-leak.png"));
		try (HeadlessChromium chromium = HeadlessChromium.start()) {
			// The leak goes on while the page is checked: without it the suspects fade
			// within a few snapshots.
			try (Load load = new Load(this.port, (n) -> "/owners/" + n, 2)) {
				page.awaitLeakReported(Duration.ofSeconds(150));
				page.check(chromium);
				assertThat(load.failed()).isZero();
			}
		}
	}

}
