package dev.memleak.footprint;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A Native Memory Tracking summary: what the JVM itself has reserved and committed, per
 * category.
 *
 * @param reservedBytes address space reserved in total
 * @param committedBytes memory committed in total, the heap included
 * @param mallocBelowPeakBytes how far the JVM's malloc'd memory is below its peak: memory
 * the JVM has freed that the C allocator may still hold (NMT prints peaks since JDK
 * 17.0.9 and 21; 0 without them)
 * @param categories every category the summary lists, in its order
 * @param classes loaded classes as NMT counts them, or {@code null}
 * @param threads threads as NMT counts them, or {@code null}
 * @author memleak
 */
public record NativeMemory(long reservedBytes, long committedBytes, long mallocBelowPeakBytes,
		List<Category> categories, @Nullable Long classes, @Nullable Long threads) {

	public NativeMemory {
		categories = List.copyOf(categories);
	}

	/**
	 * Return the committed bytes of one category.
	 * @param name the category's name as NMT prints it, such as {@code Java Heap}
	 * @return its committed bytes, 0 if the summary omits it (NMT omits categories under
	 * 1 KB)
	 */
	public long committed(String name) {
		for (Category category : this.categories) {
			if (category.name().equals(name)) {
				return category.committedBytes();
			}
		}
		return 0;
	}

	/**
	 * One category of the summary.
	 *
	 * @param name its name as NMT prints it, such as {@code Thread} or {@code Other}
	 * @param reservedBytes address space reserved
	 * @param committedBytes memory committed
	 */
	public record Category(String name, long reservedBytes, long committedBytes) {
	}

}
