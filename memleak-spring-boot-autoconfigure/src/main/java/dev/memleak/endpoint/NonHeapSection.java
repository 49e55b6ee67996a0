package dev.memleak.endpoint;

import dev.memleak.heap.NonHeapSummary;

/**
 * Memory outside the heap: metaspace, loaded classes and direct buffers with their
 * trends.
 *
 * @author memleak
 */
final class NonHeapSection implements PageSection {

	@Override
	public void render(PageModel model, Html html) {
		NonHeapSummary nonHeap = model.report().nonHeap();
		PageSection.open(html, "nonheap", "Memory outside the heap");
		if (nonHeap == null) {
			html.element("p", "Not measured (leak detection is off).", "class", "empty");
			html.close("section");
			return;
		}
		PageSection.tableHead(html, "", "Now#", "Trend#");
		row(html, "Metaspace", PageFormats.bytes(nonHeap.metaspaceBytes()),
				perHour(nonHeap.metaspaceGrowthBytesPerHour()));
		row(html, "Loaded classes",
				(nonHeap.loadedClasses() != null) ? PageFormats.count(nonHeap.loadedClasses()) : "-",
				(nonHeap.loadedClassesGrowthPerHour() != null)
						? PageFormats.number(nonHeap.loadedClassesGrowthPerHour()) + " classes/h" : "-");
		row(html, "Direct buffers", PageFormats.bytes(nonHeap.directBufferBytes()),
				perHour(nonHeap.directBufferGrowthBytesPerHour()));
		html.close("tbody").close("table");
		nonHeap.notes().forEach((note) -> html.element("p", note, "class", "lead"));
		html.close("section");
	}

	private static String perHour(Double bytesPerHour) {
		return (bytesPerHour != null) ? PageFormats.signedBytes(bytesPerHour) + "/h" : "-";
	}

	private static void row(Html html, String name, String now, String trend) {
		html.open("tr").element("td", name);
		PageSection.number(html, now);
		PageSection.number(html, trend);
		html.close("tr");
	}

}
