package dev.memleak.footprint;

import java.time.Duration;
import java.util.Arrays;

import dev.memleak.heap.LeakStatus;
import dev.memleak.heap.Trend;
import org.jspecify.annotations.Nullable;

/**
 * Judges whether one series leaks, by the live-set detector's rules (docs/detection.md):
 * the growth must be significant (Mann-Kendall), at least a minimum per hour (Theil-Sen),
 * observed for a minimum time, present in each third of the window, and not slowing down.
 * A warm-up or a pool that fills grows fast and then levels off; a leak keeps going.
 *
 * @author memleak
 */
final class GrowthJudge {

	/** The last third must grow at least this fraction as fast as the first. */
	static final double KEEPS_GOING = 0.5;

	/** Each third must rise by at least this fraction of what the trend predicts. */
	static final double RISE_FRACTION = 0.25;

	/** Each third must grow on its own at this one-sided p-value. */
	static final double PART_SIGNIFICANCE = 0.2;

	private static final double MILLIS_PER_HOUR = 3_600_000.0;

	private final FootprintSettings settings;

	GrowthJudge(FootprintSettings settings) {
		this.settings = settings;
	}

	/**
	 * Judge a series.
	 * @param window the samples to judge, oldest first, warm-up excluded
	 * @param minPerHour growth per hour below which the series counts as flat
	 * @param previous the series' previous status: a suspected leak stays suspected while
	 * it keeps growing at half the thresholds
	 * @return the judgement
	 */
	Judgement judge(SampleRing.Window window, double minPerHour, LeakStatus previous) {
		int n = window.size();
		if (n < this.settings.minSamples()) {
			return new Judgement(LeakStatus.UNKNOWN, null, null,
					"not enough samples yet (" + n + " of " + this.settings.minSamples() + ")");
		}
		double[] values = window.values();
		double min = Arrays.stream(values).min().orElse(0);
		double max = Arrays.stream(values).max().orElse(0);
		if (max == min) {
			return new Judgement(LeakStatus.OK, 0.0, 0.0, "flat");
		}
		Trend trend = fit(window);
		double perHour = trend.slope() * 3600;
		long span = window.spanMillis();
		long third = span / 3;
		long first = window.times()[0];
		long last = window.times()[n - 1];
		Part early = Part.of(window.between(first, first + third));
		Part middle = Part.of(window.between(first + third, last - third));
		Part late = Part.of(window.between(last - third, last));
		double expectedRise = perHour * third / MILLIS_PER_HOUR;
		if (previous == LeakStatus.SUSPECTED && trend.pIncreasing() < 0.05 && perHour >= minPerHour / 2
				&& late.rise(middle) >= RISE_FRACTION * expectedRise) {
			return judgement(LeakStatus.SUSPECTED, trend, "keeps growing");
		}
		if (trend.pIncreasing() < this.settings.significance() && perHour >= minPerHour) {
			if (!early.grows() || !middle.grows() || !late.grows() || middle.rise(early) < RISE_FRACTION * expectedRise
					|| late.rise(middle) < RISE_FRACTION * expectedRise) {
				return judgement(LeakStatus.WATCH, trend,
						"grew, but not throughout the window: a jump, a warm-up or a pool filling up");
			}
			if (late.trend.slope() < KEEPS_GOING * early.trend.slope()
					&& late.rise(middle) < 0.75 * middle.rise(early)) {
				return judgement(LeakStatus.WATCH, trend, "grows, but slower and slower: it may level off");
			}
			if (span < this.settings.minDuration().toMillis()) {
				return judgement(LeakStatus.WATCH, trend, "grows steadily for " + Duration.ofMillis(span).toSeconds()
						+ " s; a leak is suspected after " + this.settings.minDuration().toSeconds() + " s");
			}
			return judgement(LeakStatus.SUSPECTED, trend, "grows steadily");
		}
		if (trend.pIncreasing() < 0.05 && perHour >= minPerHour / 2) {
			return judgement(LeakStatus.WATCH, trend, "may be growing");
		}
		return judgement(LeakStatus.OK, trend, "flat");
	}

	private static Judgement judgement(LeakStatus status, Trend trend, String reason) {
		return new Judgement(status, trend.slope() * 3600, trend.confidence(), reason);
	}

	// Seconds since the first sample, so that the slope is per second.
	static Trend fit(SampleRing.Window window) {
		int n = window.size();
		double[] x = new double[n];
		for (int i = 0; i < n; i++) {
			x[i] = (window.times()[i] - window.times()[0]) / 1000.0;
		}
		return Trend.fit(x, window.values());
	}

	/**
	 * What a series does.
	 *
	 * @param status the verdict
	 * @param perHour the Theil-Sen growth per hour, or {@code null} without enough
	 * samples
	 * @param confidence the Mann-Kendall confidence of growth, or {@code null}
	 * @param reason why, in a few words
	 */
	record Judgement(LeakStatus status, @Nullable Double perHour, @Nullable Double confidence, String reason) {
	}

	/** One third of the window: its trend and its level (the median sample). */
	private record Part(Trend trend, double level, int n) {

		static Part of(SampleRing.Window part) {
			double[] sorted = part.values().clone();
			Arrays.sort(sorted);
			int n = sorted.length;
			double level = (n == 0) ? Double.NaN
					: (n % 2 == 1) ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
			return new Part(fit(part), level, n);
		}

		boolean grows() {
			return this.n >= 2 && this.trend.slope() > 0
					&& (this.n < 3 || this.trend.pIncreasing() <= PART_SIGNIFICANCE);
		}

		double rise(Part earlier) {
			return (this.n >= 2 && earlier.n >= 2) ? this.level - earlier.level : 0;
		}

	}

}
