package dev.memleak.endpoint;

import java.util.List;

/**
 * Renders one section of the report page.
 *
 * @author memleak
 */
interface PageSection {

	/**
	 * Write this section.
	 * @param model what the page shows
	 * @param html where to write
	 */
	void render(PageModel model, Html html);

	/**
	 * Open a section with its heading.
	 * @param html where to write
	 * @param id the section's id, a constant
	 * @param title the heading
	 */
	static void open(Html html, String id, String title) {
		html.open("section", "id", id).element("h2", title);
	}

	/**
	 * Write a table's header row and open its body.
	 * @param html where to write
	 * @param columns the column titles; a title ending in {@code #} is a numeric column
	 * (right-aligned), written without the {@code #}
	 */
	static void tableHead(Html html, String... columns) {
		html.open("table").open("thead").open("tr");
		for (String column : columns) {
			boolean numeric = column.endsWith("#");
			html.element("th", numeric ? column.substring(0, column.length() - 1) : column, "class",
					numeric ? "n" : null);
		}
		html.close("tr").close("thead").open("tbody");
	}

	/**
	 * Write an allocation stack: the application's frames highlighted, folded framework
	 * frames ({@code ... 3 framework frames (...)}, {@code ... 49 more}) dimmed.
	 * @param html where to write
	 * @param frames the stack's lines, the allocating frame first
	 * @param model what tells application frames
	 */
	static void stack(Html html, List<String> frames, PageModel model) {
		html.open("ul", "class", "stack");
		for (String frame : frames) {
			String kind = frame.startsWith("... ") ? "fold" : model.applicationFrame().test(frame) ? "app" : null;
			html.element("li", frame, "class", kind);
		}
		html.close("ul");
	}

	/**
	 * Write a name and its value in a list of facts.
	 * @param html where to write
	 * @param name the name
	 * @param value the value
	 */
	static void fact(Html html, String name, String value) {
		html.open("div").element("dt", name).element("dd", value).close("div");
	}

	/**
	 * Write a numeric cell.
	 * @param html where to write
	 * @param value the formatted value
	 */
	static void number(Html html, String value) {
		html.element("td", value, "class", "n");
	}

}
