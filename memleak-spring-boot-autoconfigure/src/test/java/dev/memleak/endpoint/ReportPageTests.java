package dev.memleak.endpoint;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.memleak.request.RouteAllocation;
import dev.memleak.sites.LeakSite;
import dev.memleak.sites.SitesProperties;
import dev.memleak.snapshot.Suspect;
import dev.memleak.task.TaskAllocation;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The page as text: escaping, the policy's hashes, the chart's dots and the page's size.
 * The page in a real browser is tested in the sample application.
 */
class ReportPageTests {

	private static final String HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'&";

	private static final ApplicationFrames FRAMES = new ApplicationFrames(new SitesProperties().getFrameworkPackages());

	@Test
	void everyNameIsRenderedAsText() {
		String page = render(ReportFixtures.leaking(40, (name) -> name + HOSTILE), Map.of(
				"dev.memleak.sample.AuditLog$AuditEntry" + HOSTILE,
				List.of(new SuspectBytes.Point(Instant.EPOCH, 10L), new SuspectBytes.Point(Instant.EPOCH, 20L))));
		assertThat(page).doesNotContain("<script>alert").doesNotContain("<img").doesNotContainPattern("<[^>]*onerror");
		assertThat(count(page, "<script")).isOne();
		String escaped = "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;&quot;&#39;&amp;";
		// The route, the task (twice: retention and tasks), the suspect and its owner,
		// the
		// site's class and frame, the error's component.
		assertThat(count(page, escaped)).isGreaterThanOrEqualTo(9);
		assertThat(page).contains("/owners/{id}" + escaped).contains("InvoiceArchiveJob.archive" + escaped);
	}

	@Test
	void diagnosisFootprintAndPausesRenderFromTheReportWithEveryNameAsText() {
		MemoryLeakReport report = ReportFixtures.leaking(40, (name) -> name);
		String page = render(report, ReportNode.of(report, ReportFixtures.laterSections((name) -> name + HOSTILE)));
		assertThat(page).doesNotContain("<script>alert").doesNotContain("<img").doesNotContainPattern("<[^>]*onerror");
		assertThat(count(page, "<script")).isOne();
		String escaped = "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;&quot;&#39;&amp;";
		assertThat(page).contains("<section id=\"diagnosis\">")
			.contains("<section id=\"footprint\">")
			.contains("<section id=\"pauses\">")
			.doesNotContain("<section id=\"nonheap\">");
		assertThat(page).contains("class=\"leak-class\">dev.memleak.sample.AuditLog$AuditEntry" + escaped)
			.contains("class=\"leak-frame\">dev.memleak.sample.AuditLog.recordLookup(AuditLog.java:29)" + escaped)
			.contains("class=\"leak-workload\">GET /owners/{id}" + escaped)
			.contains("<li class=\"app\">dev.memleak.sample.AuditLog.recordLookup" + escaped)
			.contains("AuditLog$AuditEntry leaks, allocated by GET /owners/{id}." + escaped)
			.contains("One more recording" + escaped)
			.contains("<code>pool-*-thread-*" + escaped)
			.contains("Threads keep growing: look for executors created per request." + escaped)
			.contains(">histogram-live" + escaped)
			.contains(">heap-dump" + escaped);
		assertThat(between(page, "<section id=\"diagnosis\">", "</section>")).contains(">DIAGNOSED<")
			.contains("+1.93 GB/h, 97% of the heap&#39;s growth")
			.contains("2026-11-22 17:27:54 UTC");
		assertThat(between(page, "<section id=\"footprint\">", "</section>")).contains(">SUSPECTED<")
			.contains("<tr class=\"category SUSPECTED\"><td class=\"mono\">threads</td>")
			.contains("1.00 GB")
			.contains("2026-11-22 19:22:00 UTC");
		assertThat(between(page, "<section id=\"pauses\">", "</section>")).contains("2000 ms")
			.contains("never (larger than the budget)");
		assertThat(page.indexOf("id=\"diagnosis\"")).isBetween(page.indexOf("id=\"verdict\""),
				page.indexOf("id=\"floor-chart\""));
	}

	@Test
	void withoutTheNewSectionsThePageLeavesThemOutAndShowsNonHeap() {
		MemoryLeakReport report = ReportFixtures.leaking(40, (name) -> name);
		// A report from before the diagnosis, the footprint and the pause budget.
		Map<String, Object> nonHeap = ReportFixtures.map("metaspaceBytes", 45166760L, "metaspaceGrowthBytesPerHour",
				8309988.4, "loadedClasses", 9468L, "loadedClassesGrowthPerHour", -879.3, "directBufferBytes", 92160L,
				"directBufferGrowthBytesPerHour", 0.0, "notes", List.of("Metaspace grows."));
		String page = render(report, ReportNode.of(ReportFixtures.map("status", "SUSPECTED", "nonHeap", nonHeap)));
		assertThat(page).doesNotContain("id=\"diagnosis\"")
			.doesNotContain("id=\"footprint\"")
			.doesNotContain("id=\"pauses\"")
			.contains("<section id=\"nonheap\">");
		assertThat(between(page, "<section id=\"nonheap\">", "</section>")).contains("45.2 MB")
			.contains("+8.31 MB/h")
			.contains("9,468")
			.contains("-879.3 classes/h")
			.contains("Metaspace grows.");
		// Each switched off (null), and nonHeap gone with the footprint.
		String sectionsOff = render(report,
				ReportNode.of(ReportFixtures.map("diagnosis", null, "footprint", null, "pauses", null)));
		assertThat(sectionsOff).doesNotContain("id=\"diagnosis\"")
			.doesNotContain("id=\"pauses\"")
			.doesNotContain("id=\"nonheap\"")
			.contains("Not measured (memleak.footprint.enabled=false).");
	}

	@Test
	void reportNodeReadsRecordsByTheirComponentNames() {
		MemoryLeakReport report = ReportFixtures.leaking(3, (name) -> name);
		ReportNode tree = ReportNode.of(report);
		assertThat(tree.text("status")).isEqualTo("SUSPECTED");
		assertThat(tree.instant("statusSince")).isEqualTo(report.statusSince());
		assertThat(tree.get("heap").number("maxBytes")).isEqualTo(268_000_000.0);
		assertThat(tree.get("heap").get("floorPoints").list()).hasSize(3);
		assertThat(tree.get("suspects").list().get(1).texts("likelyOwners"))
			.containsExactly("dev.memleak.sample.AuditLog$AuditEntry");
		assertThat(tree.get("sites").list().get(0).flag("leak")).isTrue();
		assertThat(tree.get("noSuchSection").present()).isFalse();
		assertThat(tree.get("heap").get("nothing").present()).isFalse();
		assertThat(tree.get("status").get("anything").present()).isFalse();
		assertThat(ReportNode.of(report, Map.of("pauses", Map.of())).get("pauses").present()).isTrue();
	}

	@Test
	void thePolicyAllowsExactlyThePagesOwnStyleAndScript() throws Exception {
		String page = render(ReportFixtures.leaking(40, (name) -> name), Map.of());
		String style = between(page, "<style>", "</style>");
		String script = between(page, "<script>", "</script>");
		assertThat(ReportPage.CONTENT_SECURITY_POLICY).contains("style-src '" + ReportPage.sha256(style) + "'")
			.contains("script-src '" + ReportPage.sha256(script) + "'")
			.startsWith("default-src 'none';")
			.doesNotContain("unsafe");
		assertThat(page.indexOf("Content-Security-Policy")).isLessThan(page.indexOf("<style>"));
		assertThat(page).doesNotContain(" style=\"").doesNotContain(" src=").doesNotContain("<link");
		assertThat(page.replace("xmlns=\"http://www.w3.org/2000/svg\"", "")).doesNotContain("http://")
			.doesNotContain("https://");
	}

	@Test
	void theChartHasOneDotPerFloorPoint() {
		String page = render(ReportFixtures.leaking(57, (name) -> name), Map.of());
		Matcher dots = Pattern.compile("<path class=\"points\" d=\"([^\"]*)\"").matcher(page);
		assertThat(dots.find()).isTrue();
		assertThat(count(dots.group(1), "M")).isEqualTo(57);
		assertThat(page).contains("class=\"trend\"").contains("class=\"max\"").contains("class=\"exhaustion\"");
	}

	@Test
	void pageStaysUnder200KilobytesWithAFullFloorSeriesAndBusyTables() throws Exception {
		MemoryLeakReport base = ReportFixtures.leaking(4096, (name) -> name);
		List<RouteAllocation> routes = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			routes.add(new RouteAllocation("GET", "/api/v1/customers/{customerId}/orders/" + i + "/items/{itemId}",
					123456789, 123456789, 123456L, 98765432L, 987654321098L, null));
		}
		List<TaskAllocation> tasks = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			tasks.add(new TaskAllocation("CustomerOrderReconciliationJob" + i + ".reconcile", 1234567, 12, 1234567,
					123456L, 9876543L, 98765432109L, 12.5, 4321.0, null));
		}
		List<LeakSite> sites = new ArrayList<>();
		List<Suspect> suspects = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			List<String> stack = new ArrayList<>();
			for (int frame = 0; frame < 8; frame++) {
				stack.add("... 12 framework frames (org.springframework, org.apache.catalina, java.util, ...)");
				stack.add("com.example.orders.internal.reconciliation.OrderReconciliationService.reconcile" + frame
						+ "(OrderReconciliationService.java:123)");
			}
			sites.add(new LeakSite("com.example.orders.internal.reconciliation.ReconciledOrder" + i, stack, 256, 256,
					true, ReportFixtures.NOW, List.of(), stack.get(1)));
			suspects.add(new Suspect("com.example.orders.internal.reconciliation.ReconciledOrder" + i, 123456,
					123456789, 24, 23, 987654321, 12345678, 1234567, 123456789, ReportFixtures.NOW, false, List.of()));
		}
		MemoryLeakReport report = new MemoryLeakReport(base.status(), base.statusSince(), base.diagnosis(), base.heap(),
				base.footprint(), base.pauses(), base.retention(), routes, tasks, suspects, sites, base.notes(),
				base.errors());
		byte[] page = render(report, Map.of()).getBytes(StandardCharsets.UTF_8);
		Path output = Files.createDirectories(Path.of("target", "report-page")).resolve("largest.html");
		Files.write(output, page);
		assertThat(page.length).isLessThan(200 * 1024);
	}

	@Test
	void applicationFramesAreThoseOutsideTheFrameworkPackages() {
		assertThat(FRAMES.test("dev.memleak.sample.AuditLog.recordLookup(AuditLog.java:29)")).isTrue();
		assertThat(FRAMES.test("java.util.Arrays.copyOf(Arrays.java:3537)")).isFalse();
		assertThat(FRAMES.test("org.springframework.web.servlet.FrameworkServlet.service(FrameworkServlet.java:1)"))
			.isFalse();
		assertThat(FRAMES.test("... 2 framework frames (java.util)")).isFalse();
		assertThat(FRAMES.test("... 49 more")).isFalse();
		assertThat(FRAMES.test("dev.memleak.escalation.EscalationTriggers.evaluate(EscalationTriggers.java:174)"))
			.isFalse();
		assertThat(FRAMES.test("dev.memleak.heap.UpperBound.<init>(UpperBound.java:40)")).isFalse();
		assertThat(FRAMES.test("dev.memleak.webflux.AuditLedger.record(AuditLedger.java:20)")).isTrue();
		String page = render(ReportFixtures.leaking(10, (name) -> name), Map.of());
		assertThat(page).contains("<li class=\"app\">dev.memleak.sample.AuditLog.recordLookup(AuditLog.java:29)</li>")
			.contains("<li>java.util.Arrays.copyOf(Arrays.java:3537)</li>")
			.contains("<li class=\"fold\">... 49 more</li>");
	}

	@Test
	void chartCoordinatesHaveOneDecimal() {
		assertThat(PageFormats.coordinate(12.34)).isEqualTo("12.3");
		assertThat(PageFormats.coordinate(12.35)).isEqualTo("12.4");
		assertThat(PageFormats.coordinate(70)).isEqualTo("70.0");
		assertThat(PageFormats.coordinate(-3.26)).isEqualTo("-3.3");
		assertThat(PageFormats.coordinate(-0.06)).isEqualTo("-0.1");
		assertThat(PageFormats.coordinate(0.04)).isEqualTo("0.0");
	}

	private static String render(MemoryLeakReport report, Map<String, List<SuspectBytes.Point>> suspectBytes) {
		return ReportPage.render(new PageModel(report, ReportFixtures.NOW, suspectBytes, FRAMES));
	}

	private static String render(MemoryLeakReport report, ReportNode tree) {
		return ReportPage.render(new PageModel(report, ReportFixtures.NOW, Map.of(), FRAMES, tree));
	}

	private static String between(String text, String start, String end) {
		int from = text.indexOf(start) + start.length();
		return text.substring(from, text.indexOf(end, from));
	}

	private static int count(String text, String part) {
		int count = 0;
		for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
			count++;
		}
		return count;
	}

}
