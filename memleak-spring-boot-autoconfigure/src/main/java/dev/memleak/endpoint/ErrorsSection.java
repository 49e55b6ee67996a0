package dev.memleak.endpoint;

import java.util.Map;
import java.util.TreeMap;

/**
 * memleak's own failures per component: they never affect the application, but some
 * numbers may be missing.
 *
 * @author memleak
 */
final class ErrorsSection implements PageSection {

	@Override
	public void render(PageModel model, Html html) {
		Map<String, Long> errors = new TreeMap<>(model.report().errors());
		PageSection.open(html, "errors", "memleak's own errors");
		if (errors.isEmpty()) {
			html.element("p", "None.", "class", "empty");
			html.close("section");
			return;
		}
		PageSection.tableHead(html, "Component", "Failures#");
		errors.forEach((component, count) -> {
			html.open("tr").element("td", component, "class", "mono");
			PageSection.number(html, PageFormats.count(count));
			html.close("tr");
		});
		html.close("tbody").close("table");
		html.element("p", "The application is not affected; the log has the first failure of each kind.", "class",
				"muted");
		html.close("section");
	}

}
