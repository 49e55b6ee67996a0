package dev.memleak.footprint;

import java.time.Instant;
import java.util.List;

import dev.memleak.heap.LeakStatus;
import org.jspecify.annotations.Nullable;

/**
 * The {@code footprint} section of the report: the memory outside the heap, which
 * category of it grows, and when the container reaches its limit.
 *
 * @param status the most severe category's status: {@code SUSPECTED} when any category
 * leaks
 * @param sampledAt when the latest sample was taken, or {@code null} before the first
 * @param samples samples taken since startup
 * @param categories every category, the most severe first
 * @param container the container's memory and the projected time to its limit, or
 * {@code null} outside a memory cgroup
 * @param process the process's resident memory, or {@code null} if unknown
 * @param nativeMemory Native Memory Tracking's view
 * @param threadGroups threads by name pattern, the largest first
 * @param budget the memory budget, or {@code null} if the JVM's settings are unknown
 * @param notes what grows, what to do, and what is unknown
 * @author memleak
 */
public record FootprintReport(LeakStatus status, @Nullable Instant sampledAt, int samples,
		List<CategoryReport> categories, @Nullable ContainerReport container, @Nullable ProcessMemory process,
		NativeMemoryReport nativeMemory, List<ThreadGroupReport> threadGroups, @Nullable MemoryBudget budget,
		List<String> notes) {

	public FootprintReport {
		categories = List.copyOf(categories);
		threadGroups = List.copyOf(threadGroups);
		notes = List.copyOf(notes);
	}

	/**
	 * One category's verdict.
	 *
	 * @param category its name, such as {@code direct_buffers}
	 * @param status the verdict
	 * @param since since when the verdict holds
	 * @param bytes memory it holds now, or {@code null} if unknown
	 * @param growthBytesPerHour its robust growth per hour over the window, or
	 * {@code null} without enough samples
	 * @param count what it counts now (threads, loaded classes), or {@code null}
	 * @param countGrowthPerHour how fast the count grows, or {@code null}
	 * @param confidence how sure it is that the category grows, from 0 to 1, or
	 * {@code null}
	 * @param detail which part grows, such as a thread-name pattern or an NMT category,
	 * or {@code null}
	 * @param explanation why the verdict, in a few words
	 */
	public record CategoryReport(String category, LeakStatus status, @Nullable Instant since, @Nullable Long bytes,
			@Nullable Double growthBytesPerHour, @Nullable Long count, @Nullable Double countGrowthPerHour,
			@Nullable Double confidence, @Nullable String detail, String explanation) {
	}

	/**
	 * The container's memory and when it reaches its limit.
	 *
	 * @param memory the latest cgroup reading
	 * @param workingSetBytes usage less inactive page cache, what the OOM killer weighs
	 * @param outsideHeapGrowthBytesPerHour growth of the working set outside the heap's
	 * committed memory, or {@code null} without enough samples
	 * @param projectedLimitReached when the working set reaches the limit at that growth,
	 * or {@code null} when it does not grow or there is no limit
	 */
	public record ContainerReport(CgroupMemory memory, long workingSetBytes,
			@Nullable Double outsideHeapGrowthBytesPerHour, @Nullable Instant projectedLimitReached) {
	}

	/**
	 * What Native Memory Tracking reports.
	 *
	 * @param tracking the JVM's {@code NativeMemoryTracking} setting, {@code unknown} if
	 * it could not be read
	 * @param committedBytes NMT's committed total, or {@code null} when off
	 * @param untrackedBytes resident memory less NMT's committed total, or {@code null}
	 * @param mallocBelowPeakBytes how far the JVM's malloc'd memory is below its peak:
	 * freed memory the C allocator may still hold (what {@code System.trim_native_heap}
	 * may give back), or {@code null} when off
	 * @param categories NMT's categories, the largest first
	 * @param sampledAt when the summary above was read, or {@code null} before the first
	 * read: an earlier sample's when NMT is read every Nth sample
	 * @param readEvery at which samples NMT's summary is read now: 1 for every sample, N
	 * for every Nth (when one read costs more than half a millisecond, with many threads)
	 */
	public record NativeMemoryReport(String tracking, @Nullable Long committedBytes, @Nullable Long untrackedBytes,
			@Nullable Long mallocBelowPeakBytes, List<NativeMemory.Category> categories, @Nullable Instant sampledAt,
			int readEvery) {

		public NativeMemoryReport {
			categories = List.copyOf(categories);
		}

	}

	/**
	 * Threads that share a name pattern.
	 *
	 * @param pattern the name with the numbers that differ replaced by {@code N}
	 * @param threads threads now
	 * @param growthPerHour threads added per hour over the window, or {@code null}
	 * @param status the group's verdict
	 */
	public record ThreadGroupReport(String pattern, int threads, @Nullable Double growthPerHour, LeakStatus status) {
	}

}
