package dev.memleak.footprint;

import java.util.List;

import dev.memleak.footprint.FootprintReport.CategoryReport;
import dev.memleak.heap.LeakStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ByProductsTests {

	private static final double MIB = 1024 * 1024;

	@Test
	void untrackedMemoryThatAThreadLeakExplainsIsOnlyWatched() {
		// Measured on JDK 17: one thread a second adds about 190 MB/h NMT does not count.
		List<CategoryReport> categories = ByProducts
			.attribute(List.of(threads(3600), derived("untracked_native", 190e6)));
		assertThat(categories.get(1).status()).isEqualTo(LeakStatus.WATCH);
		assertThat(categories.get(1).explanation())
			.isEqualTo("grows along with threads, which explains it: not a leak of its own");
		assertThat(categories.get(0).status()).isEqualTo(LeakStatus.SUSPECTED);
	}

	@Test
	void aNativeLeakFasterThanTheThreadLeakStaysSuspected() {
		// 1 MiB/s of malloc beside one thread a second (at most 900 MiB/h).
		List<CategoryReport> categories = ByProducts
			.attribute(List.of(threads(3600), derived("untracked_native", 3600 * MIB)));
		assertThat(categories.get(1).status()).isEqualTo(LeakStatus.SUSPECTED);
	}

	@Test
	void otherLeaksExplainNothing() {
		CategoryReport direct = new CategoryReport("direct_buffers", LeakStatus.SUSPECTED, null, 1L, 3600 * MIB, null,
				null, 1.0, null, "grows steadily");
		// Unsafe memory leaking beside direct buffers is a second leak.
		List<CategoryReport> categories = ByProducts.attribute(List.of(direct, derived("nmt_other", 100e6)));
		assertThat(categories.get(1).status()).isEqualTo(LeakStatus.SUSPECTED);
	}

	@Test
	void withoutALeakNothingChanges() {
		List<CategoryReport> categories = List.of(derived("untracked_native", 190e6), derived("nmt_other", 100e6));
		assertThat(ByProducts.attribute(categories)).isEqualTo(categories);
	}

	private static CategoryReport threads(double perHour) {
		return new CategoryReport("threads", LeakStatus.SUSPECTED, null, 1L, 117e6, 900L, perHour, 1.0,
				"pool-N-thread-1: 900 threads", "grows steadily");
	}

	private static CategoryReport derived(String category, double bytesPerHour) {
		return new CategoryReport(category, LeakStatus.SUSPECTED, null, 1L, bytesPerHour, null, null, 1.0, null,
				"grows steadily");
	}

}
