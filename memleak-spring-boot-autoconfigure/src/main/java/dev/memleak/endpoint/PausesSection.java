package dev.memleak.endpoint;

import java.util.List;

/**
 * The pause budget: what memleak stopped the application for in the last hour, and what
 * it refused. Read from the report's {@code pauses} by its JSON names (see
 * {@link ReportNode}); a report without one writes nothing.
 *
 * @author memleak
 */
final class PausesSection implements PageSection {

	@Override
	public void render(PageModel model, Html html) {
		ReportNode pauses = model.tree().get("pauses");
		if (!pauses.hasValue()) {
			return;
		}
		PageSection.open(html, "pauses", "Pauses memleak caused in the last hour");
		html.open("dl", "class", "facts");
		PageSection.fact(html, "Budget per hour", millis(pauses.number("limitMillisPerHour")));
		PageSection.fact(html, "Spent", millis(pauses.number("spentMillis")));
		PageSection.fact(html, "Available", millis(pauses.number("availableMillis")));
		html.close("dl");
		List<ReportNode> operations = pauses.get("operations").list();
		if (!operations.isEmpty()) {
			PageSection.tableHead(html, "Operation", "Pauses#", "Spent#", "Last#", "Refused since start#");
			for (ReportNode operation : operations) {
				html.open("tr").element("td", operation.text("operation"), "class", "mono");
				PageSection.number(html, whole(operation.number("count")));
				PageSection.number(html, millis(operation.number("spentMillis")));
				PageSection.number(html, millis(operation.number("lastMillis")));
				PageSection.number(html, whole(operation.number("refusedTotal")));
				html.close("tr");
			}
			html.close("tbody").close("table");
		}
		List<ReportNode> refused = pauses.get("refused").list();
		if (!refused.isEmpty()) {
			html.element("h3", "Refused (no room in the budget)");
			PageSection.tableHead(html, "Operation", "At", "Estimate#", "Room again at");
			for (ReportNode operation : refused) {
				html.open("tr").element("td", operation.text("operation"), "class", "mono").open("td");
				PageFormats.time(html, operation.instant("at"));
				html.close("td");
				PageSection.number(html, millis(operation.number("estimateMillis")));
				html.open("td");
				if (operation.instant("freesAt") != null) {
					PageFormats.time(html, operation.instant("freesAt"));
				}
				else {
					html.text("never (larger than the budget)");
				}
				html.close("td").close("tr");
			}
			html.close("tbody").close("table");
		}
		html.close("section");
	}

	private static String millis(Double millis) {
		return (millis != null) ? PageFormats.millis(millis) : "-";
	}

	private static String whole(Double value) {
		return (value != null) ? PageFormats.count(value.longValue()) : "-";
	}

}
