package dev.memleak.footprint;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When NMT's summary is read, on a ticker that each read advances by the duration the
 * test sets: a summary read in 3.5 µs per thread takes 0.8 ms with about 230 threads.
 */
class NativeMemoryPacingTests {

	private static final long MILLI = 1_000_000;

	private final AtomicLong ticker = new AtomicLong();

	private final AtomicLong readNanos = new AtomicLong();

	@Test
	void aCheapSummaryIsReadAtEverySample() throws Exception {
		this.readNanos.set(300_000);
		NativeMemoryPacing pacing = pacing(10);
		assertThat(readAtSamples(pacing, 20)).hasSize(20);
		assertThat(pacing.every()).isEqualTo(1);
		assertThat(pacing.lastNanos()).isEqualTo(300_000);
	}

	@Test
	void aSlowSummaryIsReadAtEveryNthSampleSoThatItCostsAtMostTheBudgetPerSample() throws Exception {
		for (long nanos : new long[] { 800_000, MILLI, 1_200_000, 3_500_000 }) {
			this.readNanos.set(nanos);
			this.ticker.set(0);
			NativeMemoryPacing pacing = pacing(10);
			List<Integer> reads = readAtSamples(pacing, 120);
			long every = (nanos + NativeMemoryPacing.BUDGET_NANOS - 1) / NativeMemoryPacing.BUDGET_NANOS;
			assertThat(pacing.every()).as("%d ns", nanos).isEqualTo((int) every);
			// The first sample reads, then every Nth.
			assertThat(reads).as("%d ns", nanos).startsWith(0, (int) every).hasSize((int) ((119 / every) + 1));
			assertThat((double) this.ticker.get() / 120).as("%d ns", nanos)
				.isLessThanOrEqualTo(NativeMemoryPacing.BUDGET_NANOS + (double) nanos / 120);
		}
	}

	@Test
	void theSpacingIsBoundedSoThatTheWindowKeepsEnoughSummariesToJudge() throws Exception {
		// 30 ms a read (thousands of threads): at most every 10th sample, as the
		// defaults'
		// window of 120 samples must hold their 12 min-samples.
		this.readNanos.set(30 * MILLI);
		assertThat(FootprintSettings.defaults().nativeMemoryMaxEvery()).isEqualTo(10);
		NativeMemoryPacing pacing = pacing(FootprintSettings.defaults().nativeMemoryMaxEvery());
		assertThat(readAtSamples(pacing, 120)).hasSize(12).startsWith(0, 10, 20);
		assertThat(pacing.every()).isEqualTo(10);
	}

	@Test
	void whenTheSummaryGetsCheapAgainItIsReadAtEverySampleAgain() throws Exception {
		this.readNanos.set(2 * MILLI);
		NativeMemoryPacing pacing = pacing(10);
		assertThat(readAtSamples(pacing, 8)).containsExactly(0, 4);
		this.readNanos.set(100_000);
		// The read due at sample 8 is cheap: from then on every sample reads.
		assertThat(readAtSamples(pacing, 4)).containsExactly(0, 1, 2, 3);
		assertThat(pacing.every()).isEqualTo(1);
	}

	private NativeMemoryPacing pacing(int maxEvery) {
		return new NativeMemoryPacing(NativeMemoryPacing.BUDGET_NANOS, maxEvery, this.ticker::get);
	}

	// The samples (from 0) at which the summary was read.
	private List<Integer> readAtSamples(NativeMemoryPacing pacing, int samples) throws Exception {
		String recorded = Files.readString(Trees.nmt("jdk17-spring-boot.txt"));
		NativeMemoryReader reader = new NativeMemoryReader(() -> {
			this.ticker.addAndGet(this.readNanos.get());
			return recorded;
		});
		List<Integer> reads = new ArrayList<>();
		for (int i = 0; i < samples; i++) {
			if (pacing.read(reader) != null) {
				reads.add(i);
			}
		}
		return reads;
	}

}
