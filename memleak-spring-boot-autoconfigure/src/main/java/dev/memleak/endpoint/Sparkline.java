package dev.memleak.endpoint;

import java.util.List;
import java.util.Objects;

/**
 * A small inline SVG chart of one class's bytes in each kept heap snapshot.
 *
 * @author memleak
 */
final class Sparkline {

	private static final int WIDTH = 150;

	private static final int HEIGHT = 34;

	private static final int PAD = 4;

	private Sparkline() {
	}

	/**
	 * Write the chart, or a dash when fewer than two snapshots list the class.
	 * @param html where to write
	 * @param points the class's bytes per snapshot, oldest first
	 */
	static void render(Html html, List<SuspectBytes.Point> points) {
		List<SuspectBytes.Point> known = points.stream().filter((point) -> point.bytes() != null).toList();
		if (known.size() < 2) {
			html.text("-");
			return;
		}
		long min = known.stream().mapToLong(SuspectBytes.Point::bytes).min().orElse(0);
		long max = known.stream().mapToLong(SuspectBytes.Point::bytes).max().orElse(0);
		StringBuilder line = new StringBuilder();
		html.open("svg", "class", "spark", "viewBox", "0 0 " + WIDTH + " " + HEIGHT, "width", String.valueOf(WIDTH),
				"height", String.valueOf(HEIGHT), "role", "img", "data-snapshots", String.valueOf(known.size()),
				"xmlns", "http://www.w3.org/2000/svg");
		html.element("title", "Bytes in each heap snapshot: " + PageFormats.bytes(known.get(0).bytes()) + " to "
				+ PageFormats.bytes(known.get(known.size() - 1).bytes()) + " over " + known.size() + " snapshots");
		for (int i = 0; i < points.size(); i++) {
			Long bytes = points.get(i).bytes();
			if (bytes == null) {
				continue;
			}
			double x = PAD + (points.size() == 1 ? 0 : (double) i / (points.size() - 1)) * (WIDTH - 2 * PAD);
			double y = (max == min) ? HEIGHT / 2.0
					: PAD + (1 - (double) (bytes - min) / (max - min)) * (HEIGHT - 2 * PAD);
			line.append(line.isEmpty() ? "M" : "L").append(f(x)).append(' ').append(f(y));
			html.empty("circle", "class", "dot", "cx", f(x), "cy", f(y), "r", "2");
		}
		html.empty("path", "class", "line", "d", Objects.toString(line));
		html.close("svg");
	}

	private static String f(double value) {
		return PageFormats.coordinate(value);
	}

}
