package dev.memleak.footprint;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The derived series the footprint is judged on (untracked native memory, the working set
 * outside the heap), from hand-made samples: what the JVM's bookkeeping does that is not
 * growth.
 */
class FootprintHistoryTests {

	private static final long MIB = 1024 * 1024;

	@Test
	void heapThatG1UncommitsUntouchedIsNotAChangeOutsideTheHeap() {
		// G1 uncommits 16 MiB of heap it never touched at every sample: NMT's committed
		// total and the heap's committed size fall, resident memory and the working set
		// stay.
		FootprintHistory history = new FootprintHistory(100, 20);
		for (int i = 0; i < 10; i++) {
			long heapCommitted = (512 - 16 * i) * MIB;
			history.record(sample(i, 200 * MIB, heapCommitted, 300 * MIB, 100 * MIB, 0, 400 * MIB));
		}
		assertThat(values(history, FootprintHistory.UNTRACKED)).containsOnly((double) (300 - 100 - 200) * MIB);
		assertThat(values(history, FootprintHistory.OUTSIDE_HEAP)).containsOnly((double) (400 - 200) * MIB);
		assertThat(values(history, FootprintHistory.RESIDENT)).containsOnly((double) (300 * MIB));
	}

	@Test
	void aHeapThatFillsCommittedButUntouchedMemoryIsNotGrowthOutsideIt() {
		// -Xms equal to -Xmx: 1 GiB committed from the start, touched only as the heap
		// fills. The heap's use grows by 8 MiB a sample, and so do resident memory and
		// the working set; NMT's committed total does not move.
		FootprintHistory history = new FootprintHistory(100, 20);
		for (int i = 0; i < 10; i++) {
			long used = (200 + 8 * i) * MIB;
			history.record(sample(i, used, 1024 * MIB, used + 100 * MIB, 100 * MIB, 0, used + 100 * MIB));
		}
		assertThat(values(history, FootprintHistory.UNTRACKED)).containsOnly(0.0);
		assertThat(values(history, FootprintHistory.OUTSIDE_HEAP)).containsOnly((double) (100 * MIB));
	}

	@Test
	void memoryTheJvmFreedBelowItsMallocPeakIsNotUntrackedGrowth() {
		// A compilation's arena (20 MiB) is freed after its peak: NMT's total falls, the
		// C
		// allocator keeps the memory, resident memory stays.
		FootprintHistory history = new FootprintHistory(100, 20);
		for (int i = 0; i < 10; i++) {
			long arena = (i < 5) ? 20 * MIB : 0;
			history.record(sample(i, 200 * MIB, 512 * MIB, 400 * MIB, 100 * MIB + arena, 20 * MIB - arena, 500 * MIB));
		}
		assertThat(values(history, FootprintHistory.UNTRACKED)).containsOnly((double) (400 - 120 - 200) * MIB);
	}

	@Test
	void nativeGrowthIsRecordedAsItIs() {
		// A JNI library mallocs 4 MiB a sample: resident memory grows, NMT does not see
		// it.
		FootprintHistory history = new FootprintHistory(100, 20);
		for (int i = 0; i < 10; i++) {
			history.record(sample(i, 200 * MIB, 512 * MIB, (300 + 4 * i) * MIB, 100 * MIB, 0, (400 + 4 * i) * MIB));
		}
		double[] untracked = values(history, FootprintHistory.UNTRACKED);
		assertThat(untracked[9] - untracked[0]).isEqualTo(36.0 * MIB);
		double[] outside = values(history, FootprintHistory.OUTSIDE_HEAP);
		assertThat(outside[9] - outside[0]).isEqualTo(36.0 * MIB);
	}

	private static double[] values(FootprintHistory history, String key) {
		return history.window(key, 0, 0).values();
	}

	private static FootprintSample sample(int step, long heapUsed, long heapCommitted, long resident,
			long nmtOutsideHeap, long mallocBelowPeak, long workingSet) {
		JvmMemory jvm = new JvmMemory(heapUsed, heapCommitted, 50 * MIB, 52 * MIB, 20 * MIB, 22 * MIB, 0L, 0L, 0L, 0L,
				10_000, 0, 30);
		CgroupMemory container = new CgroupMemory("v1", "/test", workingSet, 2048 * MIB, workingSet, 0L, 0L, 0L, 0L);
		NativeMemory nmt = new NativeMemory(4096 * MIB, heapCommitted + nmtOutsideHeap, mallocBelowPeak,
				List.of(new NativeMemory.Category("Java Heap", 1024 * MIB, heapCommitted),
						new NativeMemory.Category("Other", nmtOutsideHeap, nmtOutsideHeap)),
				null, null);
		return new FootprintSample(Instant.ofEpochSecond(15L * step), container,
				new ProcessMemory(resident, null, null, 30), nmt, jvm, new ThreadCensus(30, List.of()), List.of());
	}

}
