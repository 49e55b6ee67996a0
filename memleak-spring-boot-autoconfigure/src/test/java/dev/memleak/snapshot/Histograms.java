package dev.memleak.snapshot;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Real histograms from {@code src/test/resources/histograms}, and synthetic ones in the
 * same format.
 *
 * @author memleak
 */
final class Histograms {

	private Histograms() {
	}

	static String load(String name) {
		try (InputStream in = Histograms.class.getResourceAsStream("/histograms/" + name)) {
			if (in == null) {
				throw new IllegalArgumentException("No histogram " + name);
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Format classes as {@code GC.class_histogram} does, in the given order.
	 */
	static String format(List<ClassCount> classes) {
		StringBuilder text = new StringBuilder(" num     #instances         #bytes  class name (module)\n");
		text.append("-------------------------------------------------------\n");
		long instances = 0;
		long bytes = 0;
		for (int i = 0; i < classes.size(); i++) {
			ClassCount count = classes.get(i);
			String module = count.className().startsWith("java.") || count.className().startsWith("[")
					? " (java.base@17.0.15)" : "";
			text.append(String.format(Locale.ROOT, "%4d: %13d %14d  %s%s%n", i + 1, count.instances(), count.bytes(),
					count.className(), module));
			instances += count.instances();
			bytes += count.bytes();
		}
		text.append(String.format(Locale.ROOT, "Total %14d %14d%n", instances, bytes));
		return text.toString();
	}

}
