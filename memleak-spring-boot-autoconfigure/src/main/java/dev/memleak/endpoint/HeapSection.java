package dev.memleak.endpoint;

import dev.memleak.heap.HeapSummary;

/**
 * The live set over the detection window: a chart of its floor points with the trend, the
 * maximum and the projected exhaustion.
 *
 * @author memleak
 */
final class HeapSection implements PageSection {

	@Override
	public void render(PageModel model, Html html) {
		HeapSummary heap = model.report().heap();
		PageSection.open(html, "heap", "Live set after collections");
		FloorChart.render(html, heap);
		if (!heap.floorPoints().isEmpty()) {
			html.open("p", "class", "muted")
				.text(heap.floorPoints().size() + " floor points (dots): the live set after each collection "
						+ "that reclaimed the old generation. Line: the trend, "
						+ PageFormats.perHour(heap.growthBytesPerSecond()) + ". Dashed: the maximum, "
						+ PageFormats.bytes(heap.maxBytes()) + ".")
				.close("p");
		}
		html.close("section");
	}

}
