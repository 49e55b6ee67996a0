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
				categories, count(CLASSES, text), count(THREADS, text));
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
