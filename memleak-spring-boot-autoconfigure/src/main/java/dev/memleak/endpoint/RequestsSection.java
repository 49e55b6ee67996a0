package dev.memleak.endpoint;

import java.util.Comparator;
import java.util.List;

import dev.memleak.request.RouteAllocation;

/**
 * Routes, the most allocating first: allocation pressure, not retention.
 *
 * @author memleak
 */
final class RequestsSection implements PageSection {

	@Override
	public void render(PageModel model, Html html) {
		List<RouteAllocation> routes = model.report()
			.requests()
			.stream()
			.sorted(Comparator.comparingLong(RouteAllocation::allocatedBytesTotal).reversed())
			.toList();
		PageSection.open(html, "requests", "Requests by allocation");
		if (routes.isEmpty()) {
			html.element("p", "No request measured yet.", "class", "empty");
			html.close("section");
			return;
		}
		PageSection.tableHead(html, "Method", "Route", "Requests#", "Mean#", "Max#", "Total#", "Not measured");
		for (RouteAllocation route : routes) {
			html.open("tr").element("td", route.method(), "class", "mono").element("td", route.uri(), "class", "mono");
			PageSection.number(html, PageFormats.count(route.count()));
			PageSection.number(html, PageFormats.bytes(route.allocatedBytesMean()));
			PageSection.number(html, PageFormats.bytes(route.allocatedBytesMax()));
			PageSection.number(html, PageFormats.bytes(route.allocatedBytesTotal()));
			html.element("td", (route.allocationUnavailable() != null) ? route.allocationUnavailable() : "", "class",
					"muted");
			html.close("tr");
		}
		html.close("tbody").close("table").close("section");
	}

}
