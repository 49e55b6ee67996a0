package dev.memleak.endpoint;

import java.util.List;

import dev.memleak.sites.LeakSite;

/**
 * Where long-lived objects were allocated: each site's stack, the application's frames
 * highlighted, folded framework frames dimmed.
 *
 * @author memleak
 */
final class SitesSection implements PageSection {

	@Override
	public void render(PageModel model, Html html) {
		List<LeakSite> sites = model.report().sites();
		PageSection.open(html, "sites", "Leak sites");
		if (sites.isEmpty()) {
			html.element("p",
					"No allocation site (see the notes: leak sites are off unless memleak.sites.enabled=true).",
					"class", "empty");
			html.close("section");
			return;
		}
		for (LeakSite site : sites) {
			html.open("div", "class", "site");
			html.open("p").element("code", site.className(), "class", "site-class").text(" ");
			if (site.leak()) {
				html.element("span", "leak site", "class", "badge leak");
			}
			html.open("span", "class", "muted")
				.text(" " + site.samples() + " sampled objects alive, " + site.retained()
						+ " outlived an old-generation collection; oldest allocated ");
			PageFormats.time(html, site.oldestAllocation());
			html.close("span").close("p");
			PageSection.stack(html, site.stackTrace(), model);
			if (!site.referenceChain().isEmpty()) {
				html.element("h3", "Held by (towards the GC root)");
				html.open("ul", "class", "stack");
				site.referenceChain().forEach((link) -> html.element("li", link));
				html.close("ul");
			}
			html.close("div");
		}
		html.close("section");
	}

}
