package dev.memleak.footprint;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.memleak.footprint.FootprintReport.CategoryReport;
import dev.memleak.heap.LeakStatus;
import org.jspecify.annotations.Nullable;

/**
 * Keeps a thread leak from being named twice. Each thread also adds resident memory that
 * NMT does not count with its stack (the stack's touched pages beyond NMT's estimate, the
 * C allocator's per-thread state): while threads leak, {@code untracked_native} and
 * {@code nmt_other} are only {@code WATCH}, unless they grow faster than the threads
 * explain. Other leaks were not seen to move them (docs/footprint.md).
 *
 * @author memleak
 */
final class ByProducts {

	/**
	 * Resident memory a thread may add beyond NMT's accounting of its stack. Measured: 53
	 * KB per thread on JDK 17 (an executor per second, never shut down, for 15 minutes).
	 */
	static final double BYTES_PER_THREAD = 256 * 1024;

	private static final Set<String> DERIVED = Set.of(FootprintCategory.NMT_OTHER.tag(),
			FootprintCategory.UNTRACKED_NATIVE.tag());

	private ByProducts() {
	}

	static List<CategoryReport> attribute(List<CategoryReport> categories) {
		CategoryReport cause = null;
		double explained = 0;
		for (CategoryReport category : categories) {
			if (category.status() == LeakStatus.SUSPECTED
					&& category.category().equals(FootprintCategory.THREADS.tag())) {
				explained = orZero(category.countGrowthPerHour()) * BYTES_PER_THREAD;
				cause = category;
			}
		}
		if (cause == null) {
			return categories;
		}
		List<CategoryReport> attributed = new ArrayList<>();
		for (CategoryReport category : categories) {
			boolean byProduct = DERIVED.contains(category.category()) && category.status() == LeakStatus.SUSPECTED
					&& orZero(category.growthBytesPerHour()) <= explained;
			attributed.add(byProduct
					? new CategoryReport(category.category(), LeakStatus.WATCH, null, category.bytes(),
							category.growthBytesPerHour(), category.count(), category.countGrowthPerHour(),
							category.confidence(), category.detail(),
							"grows along with " + cause.category() + ", which explains it: not a leak of its own")
					: category);
		}
		return attributed;
	}

	private static double orZero(@Nullable Double value) {
		return (value != null) ? value : 0;
	}

}
