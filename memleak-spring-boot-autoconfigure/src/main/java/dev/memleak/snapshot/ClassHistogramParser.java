package dev.memleak.snapshot;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Parses the text of {@code GC.class_histogram} (JDK 17 to 25 format) and keeps the
 * largest classes by bytes.
 * <p>
 * A line reads
 * {@code "   7:   5069   162208  java.util.HashMap$Node (java.base@17.0.15)"}: rank,
 * instances, bytes, the class name and, for classes of named modules, the module in
 * parentheses. Class names are taken verbatim up to that suffix, so array descriptors
 * ({@code [B}, {@code [[Ljava.lang.String;}) and hidden classes
 * ({@code Foo$$Lambda/0x00007f...} on JDK 21+, {@code Foo$$Lambda$247/0x...} before) keep
 * their JVM names; same-named classes of different class loaders are added up. Strings
 * are created only for the classes kept, so a 4,000-line histogram parses in about a
 * millisecond.
 *
 * @author memleak
 */
public final class ClassHistogramParser {

	// Dead heap areas formatted as objects since JDK 19 (JDK-8284435): FillerObject and
	// FillerArray, renamed [Ljdk.internal.vm.FillerElement; by JDK-8319548. -all counts
	// them, but they are nobody's objects.
	private static final String FILLER_PREFIX = "jdk.internal.vm.Filler";

	private static final Comparator<ClassCount> BY_BYTES = Comparator.comparingLong(ClassCount::bytes)
		.thenComparing(ClassCount::className, Comparator.reverseOrder());

	private ClassHistogramParser() {
	}

	/**
	 * Parse a histogram.
	 * @param text the output of {@code GC.class_histogram}
	 * @param topClasses the number of classes to keep, largest by bytes
	 * @return the histogram
	 * @throws IllegalArgumentException if the text holds no histogram line
	 */
	public static ClassHistogram parse(String text, int topClasses) {
		if (topClasses < 1) {
			throw new IllegalArgumentException("topClasses must be at least 1, but was " + topClasses);
		}
		Lines lines = new Lines(text, topClasses);
		int start = 0;
		int length = text.length();
		while (start < length) {
			int end = text.indexOf('\n', start);
			if (end < 0) {
				end = length;
			}
			lines.parse(start, end);
			start = end + 1;
		}
		return lines.toHistogram();
	}

	/**
	 * The state of one parse.
	 */
	private static final class Lines {

		private final String text;

		private final int topClasses;

		// Smallest kept class on top, so a class that is not larger is rejected at once.
		private final PriorityQueue<ClassCount> top = new PriorityQueue<>(BY_BYTES);

		private long sumInstances;

		private long sumBytes;

		private int classCount;

		private long fillerInstances;

		private long fillerBytes;

		private long reportedInstances = -1;

		private long reportedBytes = -1;

		Lines(String text, int topClasses) {
			this.text = text;
			this.topClasses = topClasses;
		}

		void parse(int start, int end) {
			int pos = skipSpaces(start, end);
			if (pos == end) {
				return;
			}
			if (this.text.startsWith("Total", pos)) {
				parseTotal(pos + 5, end);
				return;
			}
			int colon = digitsEnd(pos, end);
			if (colon == pos || colon == end || this.text.charAt(colon) != ':') {
				return;
			}
			int instancesStart = skipSpaces(colon + 1, end);
			int instancesEnd = digitsEnd(instancesStart, end);
			int bytesStart = skipSpaces(instancesEnd, end);
			int bytesEnd = digitsEnd(bytesStart, end);
			int nameStart = skipSpaces(bytesEnd, end);
			int nameEnd = nameEnd(nameStart, end);
			if (instancesEnd == instancesStart || bytesEnd == bytesStart || bytesStart == instancesEnd
					|| nameStart == bytesEnd || nameEnd <= nameStart) {
				return;
			}
			long instances = Long.parseLong(this.text, instancesStart, instancesEnd, 10);
			long bytes = Long.parseLong(this.text, bytesStart, bytesEnd, 10);
			if (isFiller(nameStart, nameEnd)) {
				this.fillerInstances += instances;
				this.fillerBytes += bytes;
				return;
			}
			this.classCount++;
			this.sumInstances += instances;
			this.sumBytes += bytes;
			offer(instances, bytes, nameStart, nameEnd);
		}

		private void offer(long instances, long bytes, int nameStart, int nameEnd) {
			if (this.top.size() == this.topClasses) {
				if (bytes <= this.top.peek().bytes()) {
					return;
				}
				this.top.poll();
			}
			this.top.add(new ClassCount(this.text.substring(nameStart, nameEnd), instances, bytes));
		}

		private void parseTotal(int pos, int end) {
			int instancesStart = skipSpaces(pos, end);
			int instancesEnd = digitsEnd(instancesStart, end);
			int bytesStart = skipSpaces(instancesEnd, end);
			int bytesEnd = digitsEnd(bytesStart, end);
			if (instancesEnd > instancesStart && bytesEnd > bytesStart) {
				this.reportedInstances = Long.parseLong(this.text, instancesStart, instancesEnd, 10);
				this.reportedBytes = Long.parseLong(this.text, bytesStart, bytesEnd, 10);
			}
		}

		// The class name ends before " (module@version)" or at the end of the line.
		private int nameEnd(int start, int end) {
			int last = end;
			while (last > start && Character.isWhitespace(this.text.charAt(last - 1))) {
				last--;
			}
			if (last > start && this.text.charAt(last - 1) == ')') {
				int open = this.text.lastIndexOf(" (", last - 1);
				if (open > start) {
					return open;
				}
			}
			return last;
		}

		private boolean isFiller(int start, int end) {
			while (start < end && (this.text.charAt(start) == '[' || this.text.charAt(start) == 'L')) {
				start++;
			}
			return end - start > FILLER_PREFIX.length() && this.text.startsWith(FILLER_PREFIX, start);
		}

		private int skipSpaces(int pos, int end) {
			while (pos < end && (this.text.charAt(pos) == ' ' || this.text.charAt(pos) == '\t')) {
				pos++;
			}
			return pos;
		}

		private int digitsEnd(int pos, int end) {
			int limit = Math.min(end, pos + 19);
			while (pos < limit && Character.isDigit(this.text.charAt(pos))) {
				pos++;
			}
			return pos;
		}

		ClassHistogram toHistogram() {
			if (this.classCount == 0) {
				String start = this.text.substring(0, Math.min(this.text.length(), 120)).strip();
				throw new IllegalArgumentException("Not a class histogram: '" + start + "'");
			}
			List<ClassCount> classes = mergeSameNames(this.top);
			classes.sort(BY_BYTES.reversed());
			// The JVM's total includes the fillers; the sum covers truncated output.
			long instances = (this.reportedInstances >= 0) ? this.reportedInstances - this.fillerInstances
					: this.sumInstances;
			long bytes = (this.reportedBytes >= 0) ? this.reportedBytes - this.fillerBytes : this.sumBytes;
			return new ClassHistogram(classes, instances, bytes, this.classCount);
		}

		// Classes of the same name from different class loaders have a line each.
		private static List<ClassCount> mergeSameNames(Collection<ClassCount> counts) {
			Map<String, ClassCount> byName = new HashMap<>(counts.size() * 2);
			for (ClassCount count : counts) {
				byName.merge(count.className(), count,
						(a, b) -> new ClassCount(a.className(), a.instances() + b.instances(), a.bytes() + b.bytes()));
			}
			return new ArrayList<>(byName.values());
		}

	}

}
