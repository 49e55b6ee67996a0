package dev.memleak.browser;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.DocumentContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The report page of an application that leaks, in headless Chromium, checked against the
 * JSON report it was rendered from: the verdict, the floor-point chart with its trend,
 * the suspects with their small charts and the leak sites with the application's frame
 * highlighted, times in the reader's time zone, no console error, no policy violation, no
 * request but its own (also after a refresh), under 200 KB. The servlet sample
 * application and the WebFlux test application run the same check.
 *
 * @author memleak
 */
public final class LeakPageCheck {

	private static final int MAX_PAGE_BYTES = 200 * 1024;

	private static final int MIN_FLOOR_POINTS = 8;

	private final ReportPageClient report;

	private final String leakingFrame;

	private final Path screenshot;

	/**
	 * Create a check.
	 * @param port the application's port
	 * @param leakingFrame the start of the application frame that allocates the leak, as
	 * the leak site's stack shows it, such as {@code dev.memleak.sample.AuditLog.record(}
	 * @param screenshot where to save a picture of the page
	 */
	public LeakPageCheck(int port, String leakingFrame, Path screenshot) {
		this.report = new ReportPageClient(port);
		this.leakingFrame = leakingFrame;
		this.screenshot = screenshot;
	}

	/**
	 * Wait, while the application keeps leaking, until its JSON report suspects a leak
	 * and names suspect classes and leak sites.
	 * @param atMost how long to wait
	 */
	public void awaitLeakReported(Duration atMost) {
		await().atMost(atMost).pollInterval(Duration.ofSeconds(1)).until(() -> showsALeak(this.report.json()));
	}

	private static boolean showsALeak(DocumentContext json) {
		return json.read("$.status", String.class).equals("SUSPECTED") && !json.read("$.suspects", List.class).isEmpty()
				&& !json.read("$.sites", List.class).isEmpty()
				&& json.read("$.heap.floorPoints", List.class).size() >= MIN_FLOOR_POINTS;
	}

	/**
	 * The sections the diagnosis, footprint and escalation streams add to the report: the
	 * page shows what the JSON has, and leaves out (or falls back from) what it lacks.
	 * @param page the page
	 * @param report the JSON report the page was rendered from
	 */
	private static void sectionsFromOtherStreams(BrowserPage page, Map<String, Object> report) {
		if (report.get("diagnosis") instanceof Map<?, ?> diagnosis) {
			assertThat(text(page, "diagnosis-state")).isEqualTo(diagnosis.get("state"));
			assertThat(text(page, "diagnosis-summary")).isEqualTo(diagnosis.get("summary"));
		}
		else {
			assertThat(exists(page, "diagnosis")).isFalse();
		}
		if (report.get("footprint") instanceof Map<?, ?> footprint) {
			assertThat(text(page, "footprint-status")).isEqualTo(footprint.get("status"));
			assertThat(page.evaluate("document.querySelectorAll('#footprint tr.category').length").asInt())
				.isEqualTo(((List<?>) footprint.get("categories")).size());
		}
		else {
			assertThat(exists(page, "nonheap")).isEqualTo(report.get("nonHeap") != null);
		}
		assertThat(exists(page, "pauses")).isEqualTo(report.get("pauses") != null);
	}

	private static String text(BrowserPage page, String id) {
		return page.evaluate("document.getElementById(" + BrowserPage.quote(id) + ").textContent").asString();
	}

	private static boolean exists(BrowserPage page, String id) {
		return page.evaluate("document.getElementById(" + BrowserPage.quote(id) + ") !== null").asBoolean();
	}

	/**
	 * Open the page in a new tab and check it against the JSON, then refresh it.
	 * @param chromium the browser
	 * @throws Exception if the browser or the application cannot be reached
	 */
	public void check(HeadlessChromium chromium) throws Exception {
		BrowserPage page = chromium.newPage();
		page.timeZone("Asia/Tokyo");
		DocumentContext json = this.report.openWhileStill(page, LeakPageCheck::showsALeak);
		page.screenshot(this.screenshot);
		assertThat(page.problems()).isEmpty();
		assertThat(page.requests()).containsExactly(this.report.url());
		assertThat(this.report.get("text/html").body().getBytes(StandardCharsets.UTF_8))
			.hasSizeLessThan(MAX_PAGE_BYTES);

		assertThat(page.evaluate("document.getElementById('status').textContent").asString())
			.isEqualTo(json.read("$.status", String.class));
		assertThat(page.evaluate("document.getElementById('verdict-note').textContent").asString())
			.isEqualTo(json.read("$.notes[0]", String.class));

		List<Map<String, Object>> floorPoints = json.read("$.heap.floorPoints");
		assertThat(floorPoints).hasSizeGreaterThanOrEqualTo(MIN_FLOOR_POINTS);
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
					+ BrowserPage.quote(this.leakingFrame) + ") === 0; })")
			.asBoolean())
			.as("an application frame starting with %s in %s", this.leakingFrame, json.read("$.sites[*].stackTrace"))
			.isTrue();

		sectionsFromOtherStreams(page, json.read("$"));

		// Times in the reader's time zone: Japan is 9 hours ahead of UTC, without
		// summer time.
		assertThat(page.evaluate("document.querySelector('#verdict time').textContent").asString()).contains("GMT+9");
		assertThat(page.evaluate("document.getElementById('zone').textContent").asString()).isEqualTo("Asia/Tokyo");

		page.clickAndWait("#refresh");
		assertThat(page.requests()).containsExactly(this.report.url(), this.report.url());
		assertThat(page.problems()).isEmpty();
		assertThat(page.evaluate("document.getElementById('status').textContent").asString()).isNotEmpty();
	}

}
