package dev.memleak.endpoint;

/**
 * The report's notes: the sentences that explain the verdict and any missing or degraded
 * data.
 *
 * @author memleak
 */
final class NotesSection implements PageSection {

	@Override
	public void render(PageModel model, Html html) {
		PageSection.open(html, "notes", "Notes");
		if (model.report().notes().isEmpty()) {
			html.element("p", "None.", "class", "empty");
		}
		else {
			html.open("ul");
			model.report().notes().forEach((note) -> html.element("li", note));
			html.close("ul");
		}
		html.close("section");
	}

}
