package dev.memleak.endpoint;

import java.util.List;

/**
 * Memory outside the heap as the footprint sees it: each category's verdict and growth,
 * the container's limit and when it is reached, resident and native memory, the memory
 * budget. Read from the report's {@code footprint} by its JSON names (see
 * {@link ReportNode}); a report without one falls back to {@link NonHeapSection}.
 *
 * @author memleak
 */
final class FootprintSection implements PageSection {

	@Override
	public void render(PageModel model, Html html) {
		ReportNode footprint = model.tree().get("footprint");
		if (!footprint.present()) {
			return;
		}
		PageSection.open(html, "footprint", "Memory outside the heap");
		if (!footprint.hasValue()) {
			html.element("p", "Not measured (memleak.footprint.enabled=false).", "class", "empty");
			html.close("section");
			return;
		}
		String status = footprint.text("status");
		html.open("p").element("span", status, "id", "footprint-status", "class", "badge state " + status);
		html.text(" " + footprint.text("samples") + " samples, the latest ");
		PageFormats.time(html, footprint.instant("sampledAt"));
		html.close("p");
		categories(html, footprint.get("categories").list());
		html.open("dl", "class", "facts");
		ReportNode container = footprint.get("container");
		if (container.hasValue()) {
			ReportNode memory = container.get("memory");
			PageSection.fact(html, "Container usage", PageFormats.bytes(memory.number("usageBytes")));
			PageSection.fact(html, "Container limit",
					(memory.number("limitBytes") != null) ? PageFormats.bytes(memory.number("limitBytes")) : "none");
			PageSection.fact(html, "Working set", PageFormats.bytes(container.number("workingSetBytes")));
			PageSection.fact(html, "Outside-heap growth", perHour(container.number("outsideHeapGrowthBytesPerHour")));
			html.open("div").element("dt", "Limit reached").open("dd", "id", "limit-reached");
			if (container.instant("projectedLimitReached") != null) {
				PageFormats.time(html, container.instant("projectedLimitReached"));
				html.text(" (" + PageFormats.relative(container.instant("projectedLimitReached"), model.generatedAt())
						+ ")");
			}
			else {
				html.text("not at this growth");
			}
			html.close("dd").close("div");
			if (memory.number("oomKills") != null) {
				PageSection.fact(html, "OOM kills", PageFormats.count(memory.number("oomKills").longValue()));
			}
		}
		ReportNode process = footprint.get("process");
		if (process.hasValue()) {
			PageSection.fact(html, "Resident (RSS)", PageFormats.bytes(process.number("residentBytes")));
		}
		ReportNode nativeMemory = footprint.get("nativeMemory");
		if (nativeMemory.hasValue()) {
			PageSection.fact(html, "Native memory tracking", nativeMemory.text("tracking"));
			if (nativeMemory.number("committedBytes") != null) {
				PageSection.fact(html, "NMT committed", PageFormats.bytes(nativeMemory.number("committedBytes")));
				PageSection.fact(html, "Untracked native", PageFormats.bytes(nativeMemory.number("untrackedBytes")));
			}
		}
		ReportNode budget = footprint.get("budget");
		if (budget.hasValue()) {
			PageSection.fact(html, "Outside the heap allowed",
					PageFormats.bytes(budget.number("outsideHeapAllowedBytes")));
			PageSection.fact(html, "Headroom", PageFormats.bytes(budget.number("headroomBytes")));
		}
		html.close("dl");
		if (budget.hasValue() && budget.text("warning") != null) {
			html.element("p", budget.text("warning"), "class", "lead");
		}
		footprint.texts("notes").forEach((note) -> html.element("p", note, "class", "lead"));
		html.close("section");
	}

	private static void categories(Html html, List<ReportNode> categories) {
		if (categories.isEmpty()) {
			return;
		}
		PageSection.tableHead(html, "Category", "Status", "Now#", "Growth#", "Count#", "Confidence#", "What grows");
		for (ReportNode category : categories) {
			String status = category.text("status");
			html.open("tr", "class", "category " + status).element("td", category.text("category"), "class", "mono");
			html.element("td", status);
			PageSection.number(html, PageFormats.bytes(category.number("bytes")));
			PageSection.number(html, perHour(category.number("growthBytesPerHour")));
			PageSection.number(html,
					(category.number("count") != null) ? PageFormats.count(category.number("count").longValue()) : "-");
			PageSection.number(html, PageFormats.percent(category.number("confidence")));
			html.open("td");
			if (category.text("detail") != null) {
				html.element("code", category.text("detail")).text(" ");
			}
			html.element("span", category.text("explanation"), "class", "muted").close("td").close("tr");
		}
		html.close("tbody").close("table");
	}

	static String perHour(Double bytesPerHour) {
		return (bytesPerHour != null) ? PageFormats.signedBytes(bytesPerHour) + "/h" : "-";
	}

}
