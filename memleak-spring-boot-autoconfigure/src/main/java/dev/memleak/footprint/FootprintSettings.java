package dev.memleak.footprint;

import java.time.Duration;

/**
 * Every rule of the footprint feature, checked together; the logic takes this record, so
 * a user-defined one gets the same checks as the properties.
 *
 * @param sampleInterval time between two samples
 * @param window how far back samples are judged
 * @param minDuration how long a category must have grown before a leak is suspected
 * @param minSamples samples needed in the window before any verdict
 * @param warmUp time after the first sample whose samples are not judged
 * @param significance the Mann-Kendall p-value below which growth is significant
 * @param minGrowthBytesPerHour growth per hour below which a memory category counts as
 * flat
 * @param minCodeCacheGrowthBytesPerHour growth per hour below which the code cache counts
 * as flat
 * @param minThreadGrowthPerHour threads per hour below which the thread count counts as
 * flat
 * @param maxThreadGroups thread-name patterns tracked; the rest share one group
 * @param maxSamples the most samples kept per series
 * @param nativeMemoryTracking whether to read Native Memory Tracking when the JVM runs it
 * @author memleak
 */
public record FootprintSettings(Duration sampleInterval, Duration window, Duration minDuration, int minSamples,
		Duration warmUp, double significance, long minGrowthBytesPerHour, long minCodeCacheGrowthBytesPerHour,
		int minThreadGrowthPerHour, int maxThreadGroups, int maxSamples, boolean nativeMemoryTracking) {

	/** Fewest samples any verdict may rest on. */
	static final int FEWEST_SAMPLES = 4;

	private static final String PREFIX = "memleak.footprint.";

	public FootprintSettings {
		if (sampleInterval.toMillis() < 100) {
			throw new IllegalArgumentException(
					PREFIX + "sample-interval must be at least 100ms, but was " + sampleInterval);
		}
		if (window.compareTo(sampleInterval.multipliedBy(FEWEST_SAMPLES)) < 0) {
			throw new IllegalArgumentException(PREFIX + "window (" + window + ") must hold at least " + FEWEST_SAMPLES
					+ " samples of " + PREFIX + "sample-interval (" + sampleInterval + ")");
		}
		if (minDuration.isNegative() || minDuration.compareTo(window) > 0) {
			throw new IllegalArgumentException(PREFIX + "min-duration (" + minDuration + ") must be between 0 and "
					+ PREFIX + "window (" + window + ")");
		}
		long perWindow = window.toMillis() / sampleInterval.toMillis();
		if (minSamples < FEWEST_SAMPLES || minSamples > perWindow) {
			throw new IllegalArgumentException(PREFIX + "min-samples must be at least " + FEWEST_SAMPLES
					+ " and at most the samples " + PREFIX + "window (" + window + ") holds at " + PREFIX
					+ "sample-interval (" + sampleInterval + "), " + perWindow + ", but was " + minSamples);
		}
		if (warmUp.isNegative()) {
			throw new IllegalArgumentException(PREFIX + "warm-up must not be negative, but was " + warmUp);
		}
		if (!(significance > 0 && significance <= 0.5)) {
			throw new IllegalArgumentException(
					PREFIX + "significance must be above 0 and at most 0.5, but was " + significance);
		}
		if (minGrowthBytesPerHour < 0) {
			throw new IllegalArgumentException(
					PREFIX + "min-growth-per-hour must not be negative, but was " + minGrowthBytesPerHour + "B");
		}
		if (minCodeCacheGrowthBytesPerHour < 0) {
			throw new IllegalArgumentException(PREFIX + "min-code-cache-growth-per-hour must not be negative, but was "
					+ minCodeCacheGrowthBytesPerHour + "B");
		}
		if (minThreadGrowthPerHour < 0) {
			throw new IllegalArgumentException(
					PREFIX + "min-thread-growth-per-hour must not be negative, but was " + minThreadGrowthPerHour);
		}
		if (maxThreadGroups < 1 || maxThreadGroups > 200) {
			throw new IllegalArgumentException(
					PREFIX + "max-thread-groups must be between 1 and 200, but was " + maxThreadGroups);
		}
		if (maxSamples < minSamples || maxSamples > 100_000) {
			throw new IllegalArgumentException(PREFIX + "max-samples must be at least " + PREFIX + "min-samples ("
					+ minSamples + ") and at most 100000, but was " + maxSamples);
		}
	}

	/**
	 * The defaults: a sample every 15 seconds, a 30-minute window, 5 minutes of growth,
	 * 12 samples, 2 minutes of warm-up, p below 0.01, 32 MiB (code cache 128 MiB) or 60
	 * threads per hour, 20 thread groups, 1024 samples per series, NMT read when on.
	 * @return the defaults
	 */
	public static FootprintSettings defaults() {
		return new FootprintSettings(Duration.ofSeconds(15), Duration.ofMinutes(30), Duration.ofMinutes(5), 12,
				Duration.ofMinutes(2), 0.01, 32L * 1024 * 1024, 128L * 1024 * 1024, 60, 20, 1024, true);
	}

	/**
	 * Return how many samples each series keeps: the window's, with a margin, within
	 * max-samples.
	 * @return the history size
	 */
	public int historySize() {
		long perWindow = this.window.toMillis() / this.sampleInterval.toMillis() + 4;
		return (int) Math.min(this.maxSamples, perWindow);
	}

	/**
	 * Return the most samples between two reads of Native Memory Tracking's summary when
	 * it is slow: as many as leave the window at least min-samples reads to judge.
	 * @return 1 or more
	 */
	public int nativeMemoryMaxEvery() {
		long perWindow = this.window.toMillis() / this.sampleInterval.toMillis();
		return (int) Math.max(1, perWindow / this.minSamples);
	}

}
