package dev.memleak.footprint;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The series the footprint is judged on, from hand-made samples.
 */
class FootprintHistoryTests {

	private static final long MIB = 1024 * 1024;

	@Test
	void heapThatG1UncommitsIsNotGrowthOutsideTheHeap() {
		// G1 uncommits 16 MiB of untouched heap at every sample: NMT's committed total
		// and the heap's committed size fall, resident memory and the working set stay.
		FootprintHistory history = new FootprintHistory(100, 20);
		for (int i = 0; i < 10; i++) {
			long heapCommitted = (512 - 16 * i) * MIB;
			history.record(sample(i, heapCommitted, 300 * MIB, heapCommitted + 100 * MIB, 400 * MIB));
		}
		assertThat(values(history, FootprintHistory.UNTRACKED)).containsOnly((double) (300 * MIB - 612 * MIB));
		assertThat(values(history, FootprintHistory.OUTSIDE_HEAP)).containsOnly((double) (400 * MIB - 512 * MIB));
		// What resident memory does is recorded as it is.
		assertThat(values(history, FootprintHistory.RESIDENT)).containsOnly((double) (300 * MIB));
	}

	@Test
	void nativeGrowthWhileTheHeapIsSteadyIsRecordedAsItIs() {
		FootprintHistory history = new FootprintHistory(100, 20);
		for (int i = 0; i < 10; i++) {
			history.record(sample(i, 512 * MIB, (300 + i) * MIB, 612 * MIB, (400 + i) * MIB));
		}
		double[] untracked = values(history, FootprintHistory.UNTRACKED);
		assertThat(untracked[9] - untracked[0]).isEqualTo(9.0 * MIB);
		double[] outside = values(history, FootprintHistory.OUTSIDE_HEAP);
		assertThat(outside[9] - outside[0]).isEqualTo(9.0 * MIB);
	}

	private static double[] values(FootprintHistory history, String key) {
		return history.window(key, 0, 0).values();
	}

	private static FootprintSample sample(int step, long heapCommitted, long resident, long nmtCommitted,
			long workingSet) {
		JvmMemory jvm = new JvmMemory(heapCommitted, 50 * MIB, 52 * MIB, 20 * MIB, 22 * MIB, 0L, 0L, 0L, 0L, 10_000, 0,
				30);
		CgroupMemory container = new CgroupMemory("v1", "/test", workingSet, 1024 * MIB, workingSet, 0L, 0L, 0L, 0L);
		NativeMemory nmt = new NativeMemory(nmtCommitted, nmtCommitted,
				List.of(new NativeMemory.Category("Java Heap", heapCommitted, heapCommitted)), null, null);
		return new FootprintSample(Instant.ofEpochSecond(15L * step), container,
				new ProcessMemory(resident, null, null, 30), nmt, jvm, new ThreadCensus(30, List.of()), List.of());
	}

}
