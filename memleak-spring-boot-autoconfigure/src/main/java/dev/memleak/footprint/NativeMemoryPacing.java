package dev.memleak.footprint;

import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;

/**
 * Reads Native Memory Tracking's summary at every sample while it is cheap, and at every
 * Nth sample when it is not, so that it costs at most {@link #BUDGET_NANOS} per sample on
 * average. The summary measures the committed part of every thread's stack (about 3.5 µs
 * per thread on JDK 17 here): with a few hundred threads one read takes about a
 * millisecond. Each read is timed; the next read is {@code ceil(duration / budget)}
 * samples later, at most {@code maxEvery}, so that the window still holds enough NMT
 * samples to judge. A sample without a read carries no NMT summary: the NMT series are
 * judged on the samples that read it, at the moments they were read.
 *
 * @author memleak
 */
final class NativeMemoryPacing {

	/** What NMT's summary may cost per sample on average: half a millisecond. */
	static final long BUDGET_NANOS = 500_000;

	private final long budgetNanos;

	private final int maxEvery;

	private final LongSupplier ticker;

	private int every = 1;

	private int skipped;

	private long lastNanos = -1;

	/**
	 * Create a pacing.
	 * @param budgetNanos the average cost allowed per sample
	 * @param maxEvery the most samples between two reads (1: read every time)
	 * @param ticker the time source of the reads' durations, {@code System::nanoTime}
	 * outside tests
	 */
	NativeMemoryPacing(long budgetNanos, int maxEvery, LongSupplier ticker) {
		this.budgetNanos = budgetNanos;
		this.maxEvery = Math.max(1, maxEvery);
		this.ticker = ticker;
	}

	/**
	 * Read the summary if it is due.
	 * @param reader the reader
	 * @return the summary, or {@code null} when this sample skips it
	 * @throws Exception if the reader fails
	 */
	synchronized @Nullable NativeMemory read(NativeMemoryReader reader) throws Exception {
		if (this.skipped < this.every - 1) {
			this.skipped++;
			return null;
		}
		this.skipped = 0;
		long start = this.ticker.getAsLong();
		try {
			return reader.read();
		}
		finally {
			this.lastNanos = this.ticker.getAsLong() - start;
			long every = (this.lastNanos + this.budgetNanos - 1) / this.budgetNanos;
			this.every = (int) Math.max(1, Math.min(this.maxEvery, every));
		}
	}

	/**
	 * Return at which samples the summary is read now.
	 * @return 1 for every sample, N for every Nth
	 */
	synchronized int every() {
		return this.every;
	}

	/**
	 * Return how long the latest read took.
	 * @return nanoseconds, or -1 before the first read
	 */
	synchronized long lastNanos() {
		return this.lastNanos;
	}

}
