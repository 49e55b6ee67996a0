package dev.memleak.heap;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import org.jspecify.annotations.Nullable;

/**
 * Everything live-set tracking and the detector need, with every rule between the
 * {@code memleak.detection.*} properties: the record cannot hold settings that contradict
 * each other, whether they come from properties or from a user's own bean. Dependent
 * defaults are derived by {@link #builder()}.
 *
 * @param window how far back floor points are considered
 * @param minSamples floor points needed in the window before any verdict
 * @param minDuration how long growth must have been observed before a leak is suspected
 * @param minGrowthBytesPerHour growth below which the live set is considered flat
 * @param significance the Mann-Kendall p-value below which growth is significant
 * @param evaluationInterval time between two evaluations
 * @param maxSamples the most floor candidates kept
 * @param maxAttributedWorkloads the most routes and tasks one attribution names
 * @author memleak
 */
public record DetectionSettings(Duration window, int minSamples, Duration minDuration, long minGrowthBytesPerHour,
		double significance, Duration evaluationInterval, int maxSamples, int maxAttributedWorkloads) {

	/** The default window. */
	static final Duration DEFAULT_WINDOW = Duration.ofMinutes(30);

	/** The longest derived min-duration. */
	static final Duration MAX_DERIVED_MIN_DURATION = Duration.ofMinutes(10);

	/** The longest derived evaluation interval. */
	static final Duration MAX_DERIVED_EVALUATION_INTERVAL = Duration.ofSeconds(30);

	/** The shortest evaluation interval. */
	static final Duration MIN_EVALUATION_INTERVAL = Duration.ofMillis(100);

	/** The fewest floor candidates kept. */
	static final int MIN_MAX_SAMPLES = 16;

	/** The most floor candidates kept. */
	static final int MAX_MAX_SAMPLES = 1_000_000;

	/** The derived max-samples is at least this. */
	static final int DEFAULT_MAX_SAMPLES = 4096;

	/**
	 * Floor candidates a minute a JVM under heavy load yields, times two for room: the
	 * derived max-samples holds the window at this rate.
	 */
	static final int CANDIDATES_PER_MINUTE = 80;

	/**
	 * Evaluations of execution counts kept for the attribution, whatever the window and
	 * the evaluation interval: the history is thinned to cover the window.
	 */
	static final int MAX_COUNT_HISTORY = 256;

	/** Evaluations kept beyond the window. */
	private static final int COUNT_HISTORY_MARGIN = 4;

	public DetectionSettings {
		requirePositive("memleak.detection.window", window);
		if (minSamples < 3) {
			throw new IllegalArgumentException(
					"memleak.detection.min-samples must be at least 3, but was " + minSamples);
		}
		if (minDuration.isNegative()) {
			throw new IllegalArgumentException(
					"memleak.detection.min-duration must not be negative, but was " + minDuration);
		}
		if (minGrowthBytesPerHour < 0) {
			throw new IllegalArgumentException("memleak.detection.min-growth-per-hour must not be negative, but was "
					+ minGrowthBytesPerHour + "B");
		}
		if (!(significance > 0 && significance <= 0.5)) {
			throw new IllegalArgumentException(
					"memleak.detection.significance must be above 0 and at most 0.5, but was " + significance);
		}
		if (evaluationInterval.compareTo(MIN_EVALUATION_INTERVAL) < 0) {
			throw new IllegalArgumentException(
					"memleak.detection.evaluation-interval must be at least 100ms, but was " + evaluationInterval);
		}
		if (maxSamples < MIN_MAX_SAMPLES || maxSamples > MAX_MAX_SAMPLES) {
			throw new IllegalArgumentException("memleak.detection.max-samples must be between " + MIN_MAX_SAMPLES
					+ " and " + MAX_MAX_SAMPLES + ", but was " + maxSamples);
		}
		if (maxAttributedWorkloads < 1 || maxAttributedWorkloads > 10) {
			throw new IllegalArgumentException(
					"memleak.detection.max-attributed-workloads must be between 1 and 10, but was "
							+ maxAttributedWorkloads);
		}
		requireAtMost("memleak.detection.min-duration", minDuration, "memleak.detection.window", window,
				"growth cannot be observed for longer than the window");
		requireAtMost("memleak.detection.evaluation-interval", evaluationInterval, "memleak.detection.window", window,
				"the detector must evaluate at least once per window");
		if (minSamples > maxSamples) {
			throw new IllegalArgumentException(
					"memleak.detection.min-samples (" + minSamples + ") must not exceed memleak.detection.max-samples ("
							+ maxSamples + "): the series would never hold enough floor points for a verdict");
		}
	}

	/**
	 * Settings with the given detection thresholds; evaluation interval, max-samples and
	 * max-attributed-workloads at their defaults for this window.
	 * @param window how far back floor points are considered
	 * @param minSamples floor points needed in the window before any verdict
	 * @param minDuration how long growth must have been observed before a leak is
	 * suspected
	 * @param minGrowthBytesPerHour growth below which the live set is considered flat
	 * @param significance the Mann-Kendall p-value below which growth is significant
	 */
	public DetectionSettings(Duration window, int minSamples, Duration minDuration, long minGrowthBytesPerHour,
			double significance) {
		this(window, minSamples, minDuration, minGrowthBytesPerHour, significance, derivedEvaluationInterval(window),
				derivedMaxSamples(window, minSamples), 3);
	}

	/**
	 * The defaults: a 30 minute window, 8 floor points, 10 minutes of growth, 8 MiB per
	 * hour, p below 0.01, an evaluation every 30 seconds, 4096 floor candidates, 3
	 * workloads per attribution.
	 * @return the defaults
	 */
	public static DetectionSettings defaults() {
		return builder().build();
	}

	/**
	 * Start a builder whose unset values are the defaults, derived from the window where
	 * they depend on it.
	 * @return the builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Return how many evaluations of execution counts the attribution keeps: enough to
	 * cover the window at the evaluation interval, at most {@value #MAX_COUNT_HISTORY}.
	 * @return the number of evaluations
	 */
	public int countHistorySize() {
		long evaluations = this.window.toMillis() / this.evaluationInterval.toMillis() + COUNT_HISTORY_MARGIN;
		return (int) Math.min(MAX_COUNT_HISTORY, evaluations);
	}

	/**
	 * Return the least time between two evaluations the count history keeps, so that
	 * {@link #countHistorySize()} evaluations cover the window: zero (every evaluation is
	 * kept) when the window holds few enough evaluations, else the window divided by the
	 * rows available.
	 * @return the spacing of the count history
	 */
	public Duration countHistorySpacing() {
		long evaluations = this.window.toMillis() / this.evaluationInterval.toMillis() + COUNT_HISTORY_MARGIN;
		return (evaluations <= MAX_COUNT_HISTORY) ? Duration.ZERO
				: this.window.dividedBy(MAX_COUNT_HISTORY - COUNT_HISTORY_MARGIN);
	}

	private static Duration derivedMinDuration(Duration window) {
		Duration third = window.dividedBy(3).truncatedTo(ChronoUnit.MILLIS);
		return (third.compareTo(MAX_DERIVED_MIN_DURATION) < 0) ? third : MAX_DERIVED_MIN_DURATION;
	}

	private static Duration derivedEvaluationInterval(Duration window) {
		Duration sixtieth = window.dividedBy(60).truncatedTo(ChronoUnit.MILLIS);
		if (sixtieth.compareTo(MIN_EVALUATION_INTERVAL) < 0) {
			return MIN_EVALUATION_INTERVAL;
		}
		return (sixtieth.compareTo(MAX_DERIVED_EVALUATION_INTERVAL) < 0) ? sixtieth : MAX_DERIVED_EVALUATION_INTERVAL;
	}

	private static int derivedMaxSamples(Duration window, int minSamples) {
		long forWindow = Math.max(1, window.toMinutes()) * CANDIDATES_PER_MINUTE;
		long wanted = Math.max(Math.max(DEFAULT_MAX_SAMPLES, forWindow), minSamples);
		return (int) Math.min(MAX_MAX_SAMPLES, wanted);
	}

	private static void requirePositive(String property, Duration value) {
		if (value.isZero() || value.isNegative()) {
			throw new IllegalArgumentException(property + " must be positive, but was " + value);
		}
	}

	private static void requireAtMost(String property, Duration value, String limitProperty, Duration limit,
			String reason) {
		if (value.compareTo(limit) > 0) {
			throw new IllegalArgumentException(
					property + " (" + value + ") must not exceed " + limitProperty + " (" + limit + "): " + reason);
		}
	}

	/**
	 * Builds {@link DetectionSettings}: values left unset get their defaults, derived
	 * from the window (and min-samples) where they depend on it, so that no single value
	 * set alone contradicts another's default.
	 */
	public static final class Builder {

		private Duration window = DEFAULT_WINDOW;

		private int minSamples = 8;

		private @Nullable Duration minDuration;

		private long minGrowthBytesPerHour = 8L * 1024 * 1024;

		private double significance = 0.01;

		private @Nullable Duration evaluationInterval;

		private @Nullable Integer maxSamples;

		private int maxAttributedWorkloads = 3;

		private Builder() {
		}

		public Builder window(Duration window) {
			this.window = window;
			return this;
		}

		public Builder minSamples(int minSamples) {
			this.minSamples = minSamples;
			return this;
		}

		/**
		 * Set the least observed growth before a leak is suspected; {@code null} derives
		 * it: a third of the window, at most 10 minutes.
		 * @param minDuration the duration or {@code null}
		 * @return this builder
		 */
		public Builder minDuration(@Nullable Duration minDuration) {
			this.minDuration = minDuration;
			return this;
		}

		public Builder minGrowthBytesPerHour(long minGrowthBytesPerHour) {
			this.minGrowthBytesPerHour = minGrowthBytesPerHour;
			return this;
		}

		public Builder significance(double significance) {
			this.significance = significance;
			return this;
		}

		/**
		 * Set the time between evaluations; {@code null} derives it: a sixtieth of the
		 * window, from 100 milliseconds to 30 seconds.
		 * @param evaluationInterval the interval or {@code null}
		 * @return this builder
		 */
		public Builder evaluationInterval(@Nullable Duration evaluationInterval) {
			this.evaluationInterval = evaluationInterval;
			return this;
		}

		/**
		 * Set the most floor candidates kept; {@code null} derives it: room for the
		 * window at 80 candidates a minute, at least 4096 and at least min-samples.
		 * @param maxSamples the bound or {@code null}
		 * @return this builder
		 */
		public Builder maxSamples(@Nullable Integer maxSamples) {
			this.maxSamples = maxSamples;
			return this;
		}

		public Builder maxAttributedWorkloads(int maxAttributedWorkloads) {
			this.maxAttributedWorkloads = maxAttributedWorkloads;
			return this;
		}

		/**
		 * Derive the unset values and check every rule.
		 * @return the settings
		 * @throws IllegalArgumentException naming the property, or both properties, that
		 * break a rule
		 */
		public DetectionSettings build() {
			requirePositive("memleak.detection.window", this.window);
			Duration minDuration = (this.minDuration != null) ? this.minDuration : derivedMinDuration(this.window);
			Duration evaluationInterval = (this.evaluationInterval != null) ? this.evaluationInterval
					: derivedEvaluationInterval(this.window);
			int maxSamples = (this.maxSamples != null) ? this.maxSamples
					: derivedMaxSamples(this.window, this.minSamples);
			return new DetectionSettings(this.window, this.minSamples, minDuration, this.minGrowthBytesPerHour,
					this.significance, evaluationInterval, maxSamples, this.maxAttributedWorkloads);
		}

	}

}
