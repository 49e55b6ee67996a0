package dev.memleak.footprint;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.memleak.footprint.FootprintReport.CategoryReport;
import dev.memleak.footprint.FootprintReport.ContainerReport;
import dev.memleak.heap.LeakStatus;
import org.jspecify.annotations.Nullable;

/**
 * The footprint's notes: when the container reaches its limit, what grows and what to do
 * about it (one sentence of finding, one of action), the budget's warning, what is
 * unknown.
 *
 * @author memleak
 */
final class FootprintAdvice {

	private FootprintAdvice() {
	}

	/**
	 * Return the notes of a sample: when the container reaches its limit, what grows and
	 * what to do, the budget's warning, what is unknown.
	 * @param sample the sample
	 * @param assessment its assessment
	 * @param budget the memory budget, or {@code null}
	 * @param container the container's report, or {@code null}
	 * @param flags the JVM's settings, or {@code null}
	 * @param readNativeMemory whether NMT is to be read when on
	 * @return the notes
	 */
	static List<String> notes(FootprintSample sample, FootprintAssessor.Assessment assessment,
			@Nullable MemoryBudget budget, @Nullable ContainerReport container, @Nullable JvmFlags flags,
			boolean readNativeMemory) {
		List<String> notes = new ArrayList<>();
		if (container != null && container.projectedLimitReached() != null) {
			notes.add(String.format(Locale.ROOT,
					"The container's working set grows outside the heap by %+.1f MB/h and reaches the limit of %s "
							+ "at %s, in %s: an OOM kill, whatever the heap does.",
					container.outsideHeapGrowthBytesPerHour() / 1_000_000,
					MemoryBudgetCalculator.mebibytes(container.memory().limitBytes()),
					container.projectedLimitReached(),
					Duration.between(sample.at(), container.projectedLimitReached()).withNanos(0)));
		}
		boolean explained = false;
		for (CategoryReport category : assessment.categories()) {
			String note = note(category, flags);
			if (note != null) {
				notes.add(note);
				explained = true;
			}
		}
		boolean nmtRead = flags != null && flags.isNativeMemoryTracked() && readNativeMemory;
		if (!explained && assessment.outsideHeap().status() == LeakStatus.SUSPECTED && !nmtRead) {
			notes.add(String.format(Locale.ROOT,
					"Memory outside the heap grows by %+.1f MB/h and no category memleak sees without Native Memory "
							+ "Tracking explains it: native libraries or the C allocator.",
					assessment.outsideHeap().perHour() / 1_000_000));
		}
		if (budget != null && budget.warning() != null) {
			notes.add(budget.warning());
		}
		if (flags != null && !flags.isNativeMemoryTracked()) {
			notes.add(nativeMemoryTrackingOff());
		}
		else if (flags != null && !readNativeMemory) {
			notes.add("Native Memory Tracking is on but not read (memleak.footprint.native-memory-tracking=false).");
		}
		notes.addAll(sample.unavailable());
		return notes;
	}

	/**
	 * Return the note of a growing category.
	 * @param category the category's report
	 * @param flags the JVM's settings, or {@code null} if unknown
	 * @return the note, or {@code null} unless the category is WATCH or SUSPECTED
	 */
	static @Nullable String note(CategoryReport category, @Nullable JvmFlags flags) {
		if (category.status() != LeakStatus.WATCH && category.status() != LeakStatus.SUSPECTED) {
			return null;
		}
		String finding = finding(category);
		String action = switch (category.category()) {
			case "direct_buffers" -> "Something allocates direct buffers (ByteBuffer.allocateDirect) and keeps them. "
					+ "Bound them with -XX:MaxDirectMemorySize" + directLimit(flags)
					+ " so that the leak ends in an OutOfMemoryError naming direct buffer memory instead of an OOM "
					+ "kill; java.nio.DirectByteBuffer among heap snapshot suspects and leak sites "
					+ "(memleak.sites.enabled=true) names who allocates them.";
			case "mapped_buffers" -> "Files are mapped (FileChannel.map) and the buffers kept: a mapping is only "
					+ "released when its buffer is collected.";
			case "threads" -> "Threads are started and never end (an executor created per call and never shut "
					+ "down is the usual cause); each reserves a stack of " + stack(flags)
					+ " (-Xss). jcmd <pid> Thread.print shows what the threads of the growing pattern wait on and "
					+ "who started their pool.";
			case "metaspace" -> "Loaded classes keep growing: a class loader created per call (scripting engines, "
					+ "proxies or classes generated per request, redeployments) and kept reachable. Bound it with "
					+ "-XX:MaxMetaspaceSize to fail with OutOfMemoryError: Metaspace instead of an OOM kill; "
					+ "jcmd <pid> VM.classloader_stats lists loaders by classes (it pauses the JVM briefly).";
			case "code_cache" -> "Compiled code keeps accumulating (classes generated at run time get compiled); "
					+ "-XX:ReservedCodeCacheSize bounds it.";
			case "nmt_other" -> "The JVM allocates native memory for this category and does not free it; for "
					+ "'Other', Unsafe.allocateMemory (or a library that uses it) without freeMemory. "
					+ "Run with -XX:NativeMemoryTracking=detail and compare jcmd <pid> VM.native_memory "
					+ "summary.diff after a baseline to see the call sites.";
			case "untracked_native" -> "Native code (JNI libraries, native drivers) or the C allocator keeps "
					+ "memory the JVM does not know about. Set MALLOC_ARENA_MAX=2 (glibc keeps freed memory in up "
					+ "to 8 arenas per core) and run jcmd <pid> System.trim_native_heap (JDK 17.0.9+ and 21+): if "
					+ "the growth stops or the memory comes back, it was the allocator; if not, a native library "
					+ "leaks (jemalloc's profiler or heaptrack finds it).";
			default -> "";
		};
		return finding + " " + action;
	}

	private static String finding(CategoryReport category) {
		StringBuilder out = new StringBuilder("Outside the heap, ").append(category.category())
			.append(" ")
			.append(category.explanation());
		if (category.growthBytesPerHour() != null) {
			out.append(String.format(Locale.ROOT, " (%+.1f MB/h", category.growthBytesPerHour() / 1_000_000));
			if (category.countGrowthPerHour() != null && category.count() != null) {
				out.append(
						String.format(Locale.ROOT, ", %+.0f/h to %d", category.countGrowthPerHour(), category.count()));
			}
			out.append(")");
		}
		else if (category.countGrowthPerHour() != null) {
			out.append(String.format(Locale.ROOT, " (%+.0f/h to %d)", category.countGrowthPerHour(), category.count()));
		}
		if (category.detail() != null) {
			out.append(": ").append(category.detail());
		}
		return out.append(".").toString();
	}

	private static String directLimit(@Nullable JvmFlags flags) {
		if (flags == null) {
			return "";
		}
		return (flags.maxDirectBytes() != null)
				? " (now " + MemoryBudgetCalculator.mebibytes(flags.maxDirectBytes()) + ")"
				: " (not set: as much as the heap's maximum, " + MemoryBudgetCalculator.mebibytes(flags.maxHeapBytes())
						+ ")";
	}

	private static String stack(@Nullable JvmFlags flags) {
		return (flags != null) ? MemoryBudgetCalculator.mebibytes(flags.threadStackBytes()) : "1 MiB";
	}

	/**
	 * Return the note to show while Native Memory Tracking is off.
	 * @return the note
	 */
	/**
	 * Return the note of NMT read at every Nth sample only.
	 * @param every at which samples NMT is read
	 * @param lastNanos how long the latest read took
	 * @param threads the live threads now
	 * @param budgetNanos the average cost allowed per sample
	 * @return the note
	 */
	static String nativeMemoryPaced(int every, long lastNanos, int threads, long budgetNanos) {
		return String.format(Locale.ROOT,
				"Native Memory Tracking's summary took %.2f ms at its latest read (it measures the stack of each of "
						+ "the %d threads): it is read at every %s sample only, to cost at most %.1f ms per sample "
						+ "on average; nmt_other and untracked_native are judged on those samples.",
				lastNanos / 1e6, threads, ordinal(every), budgetNanos / 1e6);
	}

	private static String ordinal(int n) {
		int lastTwo = n % 100;
		String suffix = (lastTwo >= 11 && lastTwo <= 13) ? "th" : switch (n % 10) {
			case 1 -> "st";
			case 2 -> "nd";
			case 3 -> "rd";
			default -> "th";
		};
		return n + suffix;
	}

	static String nativeMemoryTrackingOff() {
		return "Native Memory Tracking is off: memory of native libraries and the C allocator (untracked_native) "
				+ "and the JVM's own categories (nmt_other) cannot be told apart; growth there shows only as "
				+ "resident memory outside the heap. Start the JVM with -XX:NativeMemoryTracking=summary (Spring "
				+ "Boot's buildpack images do): memleak reads it in about 0.1 ms without a safepoint, and it costs "
				+ "the JVM a few MB of its own (its category in the summary).";
	}

}
