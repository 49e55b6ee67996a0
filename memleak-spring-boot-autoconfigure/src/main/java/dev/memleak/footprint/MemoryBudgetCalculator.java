package dev.memleak.footprint;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Works out the {@link MemoryBudget} from the JVM's settings and what it uses now.
 *
 * @author memleak
 */
final class MemoryBudgetCalculator {

	/**
	 * Room the advised heap leaves for memory outside the heap, over its use at the first
	 * sample: metaspace, code and thread stacks grow after startup (the sample
	 * application went from 139 MiB at its first sample to 178 MiB under steady load,
	 * 1.28 times).
	 */
	static final double OUTSIDE_GROWTH_ALLOWANCE = 1.5;

	private MemoryBudgetCalculator() {
	}

	/**
	 * The budget now.
	 * @param flags the JVM's settings
	 * @param limit the container's limit, {@code null} without one
	 * @param jvm the management beans' reading
	 * @param nmt Native Memory Tracking's summary, {@code null} when off
	 * @param process resident memory, {@code null} when unknown
	 * @param heapResidentBytes the heap's resident part (see {@link FootprintHistory}):
	 * committed heap that was never touched is not resident, so resident memory less the
	 * heap's committed size undercounts what is used outside it (down to nothing with
	 * {@code -Xms} equal to {@code -Xmx})
	 * @return the budget
	 */
	static MemoryBudget calculate(JvmFlags flags, @Nullable Long limit, JvmMemory jvm, @Nullable NativeMemory nmt,
			@Nullable ProcessMemory process, long heapResidentBytes) {
		List<MemoryBudget.Item> items = new ArrayList<>();
		long direct = orZero(jvm.directBytes());
		items.add(new MemoryBudget.Item("heap", flags.heapOption(), flags.maxHeapBytes(), jvm.heapCommittedBytes()));
		items.add(new MemoryBudget.Item("direct buffers", "-XX:MaxDirectMemorySize",
				(flags.maxDirectBytes() != null) ? flags.maxDirectBytes() : flags.maxHeapBytes(), direct));
		Long metaspace = (nmt != null) ? (Long) (nmt.committed("Metaspace") + nmt.committed("Class"))
				: jvm.metaspaceCommittedBytes();
		items.add(new MemoryBudget.Item("metaspace", "-XX:MaxMetaspaceSize", flags.maxMetaspaceBytes(), metaspace));
		items.add(new MemoryBudget.Item("thread stacks", "-Xss", (long) jvm.threads() * flags.threadStackBytes(),
				(nmt != null) ? nmt.committed("Thread") : null));
		items.add(new MemoryBudget.Item("code cache", "-XX:ReservedCodeCacheSize", flags.reservedCodeCacheBytes(),
				(nmt != null) ? nmt.committed("Code") : jvm.codeCacheCommittedBytes()));
		Long outside = null;
		if (nmt != null) {
			long gc = nmt.committed("GC") + nmt.committed("GCCardSet");
			items.add(new MemoryBudget.Item("garbage collector", null, null, gc));
			long known = direct + orZero(metaspace) + nmt.committed("Thread") + nmt.committed("Code") + gc;
			long jvmOutside = nmt.committedBytes() - nmt.committed("Java Heap");
			// NMT counts direct buffers in its "Other" category.
			items.add(new MemoryBudget.Item("other JVM memory (NMT)", null, null, Math.max(0, jvmOutside - known)));
			long untracked = (process != null) ? Math.max(0, process.residentBytes() - jvmOutside - heapResidentBytes)
					: 0;
			items.add(new MemoryBudget.Item("untracked native memory", null, null, untracked));
			outside = jvmOutside + untracked;
		}
		else if (process != null) {
			// Without NMT: what the process has resident beyond the heap's resident part.
			outside = Math.max(0, process.residentBytes() - heapResidentBytes);
		}
		if (outside == null) {
			outside = direct + orZero(metaspace) + orZero(jvm.codeCacheCommittedBytes());
		}
		List<String> unbounded = new ArrayList<>();
		long allowed = 0;
		for (MemoryBudget.Item item : items.subList(1, items.size())) {
			if (item.allowedBytes() != null) {
				allowed += item.allowedBytes();
			}
			else {
				if (item.option() != null) {
					unbounded.add(item.name() + " (" + item.option() + " not set)");
				}
				allowed += orZero(item.usedBytes());
			}
		}
		Long headroom = (limit != null) ? limit - flags.maxHeapBytes() - outside : null;
		String warning = (headroom != null && headroom < 0) ? warning(flags, limit, outside) : null;
		return new MemoryBudget(limit, flags.maxHeapBytes(), outside, Math.max(allowed, outside), unbounded, headroom,
				items, warning);
	}

	private static String warning(JvmFlags flags, long limit, long outside) {
		long heap = (long) (limit - outside * OUTSIDE_GROWTH_ALLOWANCE);
		String advice;
		if (heap <= 0) {
			advice = "The JVM already uses more than the limit outside the heap: raise the container's memory limit.";
		}
		else if (flags.maxHeapSet()) {
			advice = "Lower -Xmx to at most " + heap / (1024 * 1024) + "m, or raise the container's memory limit.";
		}
		else {
			advice = "Lower -XX:MaxRAMPercentage"
					+ (flags.maxRamPercentageSet() ? String.format(Locale.ROOT, " (now %.0f)", flags.maxRamPercentage())
							: "")
					+ " to at most " + (int) Math.floor(100.0 * heap / limit)
					+ ", or raise the container's memory limit.";
		}
		return "The JVM's settings cannot fit the container's memory limit of " + mebibytes(limit)
				+ ": the heap may grow to " + mebibytes(flags.maxHeapBytes()) + " (" + flags.heapOption()
				+ ") and the JVM already uses " + mebibytes(outside) + " outside it, so the container will be "
				+ "OOM-killed before the heap is full. " + advice;
	}

	static String mebibytes(long bytes) {
		return String.format(Locale.ROOT, "%.0f MiB", bytes / 1048576.0);
	}

	private static long orZero(@Nullable Long value) {
		return (value != null) ? value : 0;
	}

}
