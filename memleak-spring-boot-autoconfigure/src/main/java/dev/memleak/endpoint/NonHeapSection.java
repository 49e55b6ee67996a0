package dev.memleak.endpoint;

/**
 * Memory outside the heap as reports before the footprint had it ({@code nonHeap}):
 * metaspace, loaded classes and direct buffers with their trends. Read by its JSON names
 * (see {@link ReportNode}); writes nothing when the report has a {@code footprint}
 * ({@link FootprintSection}) or no {@code nonHeap}.
 *
 * @author memleak
 */
final class NonHeapSection implements PageSection {

	@Override
	public void render(PageModel model, Html html) {
		ReportNode nonHeap = model.tree().get("nonHeap");
		if (model.tree().get("footprint").present() || !nonHeap.present()) {
			return;
		}
		PageSection.open(html, "nonheap", "Memory outside the heap");
		if (!nonHeap.hasValue()) {
			html.element("p", "Not measured (leak detection is off).", "class", "empty");
			html.close("section");
			return;
		}
		PageSection.tableHead(html, "", "Now#", "Trend#");
		row(html, "Metaspace", PageFormats.bytes(nonHeap.number("metaspaceBytes")),
				FootprintSection.perHour(nonHeap.number("metaspaceGrowthBytesPerHour")));
		Double classes = nonHeap.number("loadedClasses");
		Double classGrowth = nonHeap.number("loadedClassesGrowthPerHour");
		row(html, "Loaded classes", (classes != null) ? PageFormats.count(classes.longValue()) : "-",
				(classGrowth != null) ? PageFormats.number(classGrowth) + " classes/h" : "-");
		row(html, "Direct buffers", PageFormats.bytes(nonHeap.number("directBufferBytes")),
				FootprintSection.perHour(nonHeap.number("directBufferGrowthBytesPerHour")));
		html.close("tbody").close("table");
		nonHeap.texts("notes").forEach((note) -> html.element("p", note, "class", "lead"));
		html.close("section");
	}

	private static void row(Html html, String name, String now, String trend) {
		html.open("tr").element("td", name);
		PageSection.number(html, now);
		PageSection.number(html, trend);
		html.close("tr");
	}

}
