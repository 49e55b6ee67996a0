package dev.memleak.endpoint;

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
	 * Write a numeric cell.
	 * @param html where to write
	 * @param value the formatted value
	 */
	static void number(Html html, String value) {
		html.element("td", value, "class", "n");
	}

}
