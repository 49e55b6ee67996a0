package dev.memleak.endpoint;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import dev.memleak.heap.FloorSeries.FloorPoint;
import dev.memleak.heap.HeapSummary;

/**
 * The live set's floor points as an inline SVG chart: one dot per floor point, the
 * Theil-Sen trend line the verdict is based on, the maximum the live set can reach and,
 * when it is near enough to be drawn, the projected exhaustion. The dots are one path of
 * zero-length segments with round caps, so that even a full floor series
 * ({@code memleak.detection.max-samples}) keeps the page small.
 *
 * @author memleak
 */
final class FloorChart {

	private static final int WIDTH = 720;

	private static final int HEIGHT = 260;

	private static final int LEFT = 70;

	private static final int RIGHT = 16;

	private static final int TOP = 16;

	private static final int BOTTOM = 28;

	/** The exhaustion is drawn when it is at most this many window spans ahead. */
	private static final int MAX_PROJECTION_SPANS = 3;

	private final List<FloorPoint> points;

	private final long t0;

	private final long t1;

	private final double yTop;

	private FloorChart(List<FloorPoint> points, long t0, long t1, double yTop) {
		this.points = points;
		this.t0 = t0;
		this.t1 = t1;
		this.yTop = yTop;
	}

	/**
	 * Write the chart, or a sentence when there is no floor point to draw.
	 * @param html where to write
	 * @param heap the heap section, with its floor points
	 */
	static void render(Html html, HeapSummary heap) {
		List<FloorPoint> points = heap.floorPoints();
		if (points.isEmpty()) {
			html.element("p", "No floor point yet: the chart appears after the first collection that reclaims "
					+ "the old generation.", "class", "empty", "id", "no-floor-points");
			return;
		}
		long first = points.get(0).epochMillis();
		long last = Math.max(points.get(points.size() - 1).epochMillis(), first + 1000);
		Instant exhaustion = heap.projectedExhaustion();
		boolean exhaustionShown = exhaustion != null
				&& exhaustion.toEpochMilli() <= last + MAX_PROJECTION_SPANS * (last - first);
		long end = exhaustionShown ? Math.max(last, exhaustion.toEpochMilli()) : last;
		long highest = points.stream().mapToLong(FloorPoint::bytes).max().orElse(0);
		boolean maxShown = exhaustionShown || highest >= 0.4 * heap.maxBytes();
		double top = maxShown ? Math.max(heap.maxBytes(), highest) * 1.06 : Math.max(highest * 1.3, 1);
		new FloorChart(points, first, end, top).write(html, heap, maxShown, exhaustionShown ? exhaustion : null);
	}

	private void write(Html html, HeapSummary heap, boolean maxShown, Instant exhaustion) {
		html.open("svg", "id", "floor-chart", "class", "chart", "viewBox", "0 0 " + WIDTH + " " + HEIGHT, "width",
				String.valueOf(WIDTH), "height", String.valueOf(HEIGHT), "role", "img", "aria-labelledby",
				"floor-chart-title", "xmlns", "http://www.w3.org/2000/svg");
		html.element("title", "The live set after each collection that reclaimed the old generation: "
				+ this.points.size() + " floor points", "id", "floor-chart-title");
		axes(html);
		if (maxShown) {
			double y = y(heap.maxBytes());
			html.empty("path", "class", "max", "d", "M" + LEFT + " " + f(y) + "H" + (WIDTH - RIGHT));
			html.element("text", "maximum " + PageFormats.bytes(heap.maxBytes()), "class", "label", "x",
					String.valueOf(LEFT + 6), "y", f(y - 4));
		}
		if (exhaustion != null) {
			double x = x(exhaustion.toEpochMilli());
			html.empty("path", "class", "exhaustion", "d", "M" + f(x) + " " + TOP + "V" + (HEIGHT - BOTTOM));
			html.element("text", "projected exhaustion", "class", "warn", "x", f(x - 4), "y",
					String.valueOf(HEIGHT - BOTTOM - 6), "text-anchor", "end");
		}
		else if (heap.projectedExhaustion() != null) {
			html.open("text", "class", "warn", "x", String.valueOf(WIDTH - RIGHT), "y", String.valueOf(TOP + 12),
					"text-anchor", "end")
				.text("projected exhaustion: ")
				.open("tspan", "data-time", heap.projectedExhaustion().toString())
				.text(heap.projectedExhaustion().toString())
				.close("tspan")
				.close("text");
		}
		trend(html, heap.growthBytesPerSecond());
		StringBuilder dots = new StringBuilder(this.points.size() * 14);
		for (FloorPoint point : this.points) {
			dots.append('M').append(f(x(point.epochMillis()))).append(' ').append(f(y(point.bytes()))).append("h0");
		}
		html.empty("path", "class", "points", "d", dots.toString(), "data-points", String.valueOf(this.points.size()));
		html.close("svg");
	}

	private void axes(Html html) {
		int bottom = HEIGHT - BOTTOM;
		html.empty("path", "class", "axis", "d", "M" + LEFT + " " + TOP + "V" + bottom + "H" + (WIDTH - RIGHT));
		double step = niceStep(this.yTop / 4);
		for (double value = 0; value <= this.yTop; value += step) {
			html.element("text", PageFormats.bytes((long) value), "x", String.valueOf(LEFT - 6), "y", f(y(value) + 4),
					"text-anchor", "end");
		}
		long[] ticks = { this.t0, this.t0 + (this.t1 - this.t0) / 2, this.t1 };
		String[] anchors = { "start", "middle", "end" };
		// Seconds matter when the chart spans minutes only.
		boolean seconds = this.t1 - this.t0 < 10 * 60_000;
		for (int i = 0; i < ticks.length; i++) {
			Instant time = Instant.ofEpochMilli(ticks[i]);
			html.element("text", PageFormats.shortTime(time, seconds), "x", f(x(ticks[i])), "y",
					String.valueOf(bottom + 18), "text-anchor", anchors[i], "data-time", time.toString(), "data-short",
					seconds ? "s" : "m");
		}
	}

	// The Theil-Sen line of the report's growth rate through the median residual, as the
	// detector fits it.
	private void trend(Html html, Double bytesPerSecond) {
		if (bytesPerSecond == null || this.points.size() < 2) {
			return;
		}
		double slope = bytesPerSecond / 1000;
		double[] residuals = this.points.stream()
			.mapToDouble((point) -> point.bytes() - slope * (point.epochMillis() - this.t0))
			.sorted()
			.toArray();
		int mid = residuals.length / 2;
		double intercept = (residuals.length % 2 == 1) ? residuals[mid] : (residuals[mid - 1] + residuals[mid]) / 2;
		double end = this.t1;
		if (slope > 0) {
			end = Math.min(end, this.t0 + (this.yTop - intercept) / slope);
		}
		else if (slope < 0) {
			end = Math.min(end, this.t0 - intercept / slope);
		}
		html.empty("path", "class", "trend", "d", "M" + f(x(this.t0)) + " " + f(y(intercept)) + "L" + f(x(end)) + " "
				+ f(y(intercept + slope * (end - this.t0))));
	}

	private double x(double epochMillis) {
		return LEFT + (epochMillis - this.t0) / (this.t1 - this.t0) * (WIDTH - LEFT - RIGHT);
	}

	private double y(double bytes) {
		return TOP + (1 - bytes / this.yTop) * (HEIGHT - TOP - BOTTOM);
	}

	static double niceStep(double rough) {
		double magnitude = Math.pow(10, Math.floor(Math.log10(Math.max(rough, 1))));
		return Arrays.stream(new double[] { 1, 2, 2.5, 5, 10 })
			.map((factor) -> factor * magnitude)
			.filter((step) -> step >= rough)
			.findFirst()
			.orElse(10 * magnitude);
	}

	private static String f(double value) {
		return PageFormats.coordinate(value);
	}

}
