package dev.memleak.footprint;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the text of {@code VM.native_memory summary} as JDK 17 to 25 print it: a
 * {@code Total:} line, then one {@code - Name (reserved=..., committed=...)} line per
 * category with details below it.
 *
 * @author memleak
 */
final class NativeMemoryParser {

	private static final String AMOUNT = "(\\d+)([KMG]?B)";

	private static final Pattern TOTAL = Pattern.compile("^Total: reserved=" + AMOUNT + ", committed=" + AMOUNT,
			Pattern.MULTILINE);

	private static final Pattern CATEGORY = Pattern
		.compile("^-\\s+(\\S.*?)\\s+\\(reserved=" + AMOUNT + ", committed=" + AMOUNT, Pattern.MULTILINE);

	// JDK 21 and later: "malloc: 24047KB #172236, peak=59472KB #159970" below the total.
	private static final Pattern TOTAL_MALLOC = Pattern.compile("^\\s+malloc: " + AMOUNT + " #\\d+, peak=" + AMOUNT,
			Pattern.MULTILINE);

	// JDK 17.0.9 and later: "(malloc=71KB #262) (peak=79KB #266)" in a category, or
	// "(at peak)".
	private static final Pattern CATEGORY_MALLOC = Pattern
		.compile("\\(malloc=" + AMOUNT + "[^)]*\\)\\s*\\(peak=" + AMOUNT);

	private static final Pattern CLASSES = Pattern.compile("\\(classes #(\\d+)\\)");

	// JDK 17 prints "(thread #19)", JDK 21 and later "(threads #18)".
	private static final Pattern THREADS = Pattern.compile("\\(threads? #(\\d+)\\)");

	private NativeMemoryParser() {
	}

	/**
	 * Parse a summary.
	 * @param text the command's output
	 * @return the summary
	 * @throws IllegalArgumentException if the text holds no summary
	 */
	static NativeMemory parse(String text) {
		Matcher total = TOTAL.matcher(text);
		if (!total.find()) {
			throw new IllegalArgumentException(
					"Not a Native Memory Tracking summary: " + text.substring(0, Math.min(200, text.length())).strip());
		}
		List<NativeMemory.Category> categories = new ArrayList<>();
		Matcher category = CATEGORY.matcher(text);
		while (category.find()) {
			categories.add(new NativeMemory.Category(category.group(1), bytes(category.group(2), category.group(3)),
					bytes(category.group(4), category.group(5))));
		}
		return new NativeMemory(bytes(total.group(1), total.group(2)), bytes(total.group(3), total.group(4)),
				mallocBelowPeak(text), categories, count(CLASSES, text), count(THREADS, text));
	}

	// The total's peak where printed; otherwise each category's below its own peak, which
	// may count more than the total's (categories peak at different times).
	private static long mallocBelowPeak(String text) {
		Matcher total = TOTAL_MALLOC.matcher(text);
		if (total.find()) {
			return Math.max(0, bytes(total.group(3), total.group(4)) - bytes(total.group(1), total.group(2)));
		}
		long below = 0;
		Matcher category = CATEGORY_MALLOC.matcher(text);
		while (category.find()) {
			below += Math.max(0,
					bytes(category.group(3), category.group(4)) - bytes(category.group(1), category.group(2)));
		}
		return below;
	}

	private static Long count(Pattern pattern, String text) {
		Matcher matcher = pattern.matcher(text);
		return matcher.find() ? Long.parseLong(matcher.group(1)) : null;
	}

	private static long bytes(String amount, String unit) {
		long value = Long.parseLong(amount);
		return switch (unit) {
			case "KB" -> value * 1024;
			case "MB" -> value * 1024 * 1024;
			case "GB" -> value * 1024 * 1024 * 1024;
			default -> value;
		};
	}

}
