package dev.memleak.footprint;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The container's limit against what the JVM's settings let it use: the heap's maximum
 * plus what it uses and may use outside the heap.
 *
 * @param limitBytes the container's limit, or {@code null} without one
 * @param heapMaxBytes the heap's maximum
 * @param outsideHeapBytes memory used outside the heap now
 * @param outsideHeapAllowedBytes what the settings allow outside the heap, counting the
 * unbounded items at their current size
 * @param unbounded the items no setting bounds
 * @param headroomBytes what is left under the limit once the heap is full at today's use
 * outside it, or {@code null} without a limit; negative when the settings cannot fit
 * @param items each part of the budget
 * @param warning why the settings cannot fit the limit and which option to change, or
 * {@code null} when they fit
 * @author memleak
 */
public record MemoryBudget(@Nullable Long limitBytes, long heapMaxBytes, long outsideHeapBytes,
		long outsideHeapAllowedBytes, List<String> unbounded, @Nullable Long headroomBytes, List<Item> items,
		@Nullable String warning) {

	public MemoryBudget {
		unbounded = List.copyOf(unbounded);
		items = List.copyOf(items);
	}

	/**
	 * Return whether the heap at its maximum and today's use outside it fit the limit.
	 * @return {@code true} without a limit
	 */
	public boolean fits() {
		return this.headroomBytes == null || this.headroomBytes >= 0;
	}

	/**
	 * One part of the budget.
	 *
	 * @param name what it is, such as {@code direct buffers}
	 * @param option the JVM option that bounds it, or {@code null}
	 * @param allowedBytes the most the settings allow, or {@code null} when unbounded or
	 * not set by an option
	 * @param usedBytes what it uses now, or {@code null} if unknown
	 */
	public record Item(String name, @Nullable String option, @Nullable Long allowedBytes, @Nullable Long usedBytes) {
	}

}
