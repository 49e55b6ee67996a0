package dev.memleak.endpoint;

import dev.memleak.heap.HeapSummary;

/**
 * The verdict first: the status, since when, the sentence that explains it, and the live
 * set's key numbers.
 *
 * @author memleak
 */
final class VerdictSection implements PageSection {

	@Override
	public void render(PageModel model, Html html) {
		MemoryLeakReport report = model.report();
		HeapSummary heap = report.heap();
		html.open("section", "id", "verdict", "class", "verdict " + report.status());
		html.element("p", report.status(), "id", "status", "class", "status");
		if (report.statusSince() != null) {
			html.open("p", "class", "muted").text("since ");
			PageFormats.time(html, report.statusSince());
			html.text(" (" + PageFormats.relative(report.statusSince(), model.generatedAt()) + ")").close("p");
		}
		if (!report.notes().isEmpty()) {
			html.element("p", report.notes().get(0), "id", "verdict-note", "class", "lead");
		}
		html.open("dl", "class", "facts");
		PageSection.fact(html, "Live set", PageFormats.bytes(heap.liveBytes()));
		PageSection.fact(html, "Maximum", PageFormats.bytes(heap.maxBytes()));
		PageSection.fact(html, "Growth", PageFormats.perHour(heap.growthBytesPerSecond()));
		PageSection.fact(html, "Confidence of growth", PageFormats.percent(heap.confidence()));
		html.open("div").element("dt", "Projected exhaustion").open("dd", "id", "exhaustion");
		if (heap.projectedExhaustion() != null) {
			PageFormats.time(html, heap.projectedExhaustion());
			html.text(" (" + PageFormats.relative(heap.projectedExhaustion(), model.generatedAt()) + ")");
		}
		else {
			html.text("none");
		}
		html.close("dd").close("div");
		PageSection.fact(html, "Floor points", String.valueOf(heap.samples()));
		html.open("div").element("dt", "Last floor point").open("dd");
		PageFormats.time(html, heap.lastFloorPointAt());
		html.close("dd").close("div");
		html.close("dl").close("section");
	}

}
