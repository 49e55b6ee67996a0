package dev.memleak.webflux;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.memleak.browser.HeadlessChromium;
import dev.memleak.browser.LeakPageCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The report page on WebFlux and Netty, with the leaking route under load, in headless
 * Chromium: the same checks as the servlet sample application's ({@link LeakPageCheck}):
 * verdict, floor-point chart, suspects and leak sites as in the JSON, no console error,
 * no policy violation, no request but its own. Heap snapshots every second force the
 * collections that give floor points and suspects in seconds; leak sites record from
 * startup.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "app.audit.entry-size=8KB", "memleak.snapshot.interval=1s", "memleak.snapshot.initial-delay=0s",
				"memleak.snapshot.jitter=0s", "memleak.detection.window=2m", "memleak.detection.min-duration=15s",
				"memleak.detection.evaluation-interval=3s", "memleak.sites.enabled=true",
				"memleak.sites.start-when-suspected=false", "memleak.sites.emission-interval=2s" })
@DirtiesContext
class WebFluxReportPageBrowserTests {

	private final ScheduledExecutorService load = Executors.newSingleThreadScheduledExecutor();

	private final AtomicLong failures = new AtomicLong();

	@LocalServerPort
	int port;

	@AfterEach
	void stopLoadAndFreeTheLeak() throws Exception {
		this.load.shutdownNow();
		this.load.awaitTermination(10, TimeUnit.SECONDS);
		new Http(this.port).delete("/orders/audit");
	}

	@Test
	void theLeakingRoutesPageShowsTheVerdictTheChartAndTheSuspectsOfItsJson() throws Exception {
		LeakPageCheck page = new LeakPageCheck(this.port, "dev.memleak.webflux.AuditLedger.record(",
				Path.of("target", "page-browser", "webflux-report-page-leak.png"));
		try (HeadlessChromium chromium = HeadlessChromium.start()) {
			// The leak goes on while the page is checked: without it the suspects fade
			// within a few snapshots. One client that waits for each answer: at most 500
			// lookups a second, each keeping 8 KiB.
			Http http = new Http(this.port);
			AtomicLong order = new AtomicLong();
			this.load.scheduleWithFixedDelay(() -> {
				try {
					if (http.get("/orders/" + order.incrementAndGet()).statusCode() != 200) {
						this.failures.incrementAndGet();
					}
				}
				catch (RuntimeException ex) {
					// An exception would end the schedule and the leak with it.
					this.failures.incrementAndGet();
				}
			}, 0, 2, TimeUnit.MILLISECONDS);
			page.awaitLeakReported(Duration.ofSeconds(150));
			page.check(chromium);
			assertThat(this.failures).hasValue(0);
			assertThat(order.get()).isGreaterThan(100);
		}
	}

}
