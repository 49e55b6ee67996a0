package dev.memleak.endpoint;

import dev.memleak.heap.RetainedWorkload;
import dev.memleak.heap.RetentionAttributor.Attribution;

/**
 * Which routes and tasks the live set's growth is attributed to.
 *
 * @author memleak
 */
final class RetentionSection implements PageSection {

	@Override
	public void render(PageModel model, Html html) {
		Attribution retention = model.report().retention();
		PageSection.open(html, "retention", "Routes and tasks that retain memory");
		if (retention == null || retention.workloads().isEmpty()) {
			html.element("p", (retention != null && retention.note() != null) ? retention.note()
					: "No attribution (leak detection is off).", "class", "empty");
			html.close("section");
			return;
		}
		PageSection.tableHead(html, "Workload", "Retained per call#", "Confidence#", "Calls#",
				"Indistinguishable from");
		for (RetainedWorkload workload : retention.workloads()) {
			html.open("tr").element("td", workload.workload(), "class", "mono");
			PageSection.number(html, PageFormats.bytes(workload.retainedBytesPerCall()));
			PageSection.number(html, PageFormats.percent(workload.confidence()));
			PageSection.number(html, PageFormats.count(workload.calls()));
			html.element("td", String.join(", ", workload.indistinguishableFrom()), "class", "mono");
			html.close("tr");
		}
		html.close("tbody").close("table");
		if (retention.note() != null) {
			html.element("p", retention.note(), "class", "muted");
		}
		html.close("section");
	}

}
