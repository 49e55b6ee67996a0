package dev.memleak.escalation;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Everything the escalation needs, with every rule between the
 * {@code memleak.escalation.*} properties: the record cannot hold settings that
 * contradict each other, whether they come from properties or from a user's own bean.
 * Dependent defaults are derived by {@link #builder()}.
 *
 * @param onWatch whether to escalate before SUSPECTED, when the growth is already
 * significant and large (WATCH) or the old generation grows with nothing to tell the live
 * set from garbage
 * @param maxDuration how long one escalation takes heap snapshots at most
 * @param minInterval least time between the starts of two escalations
 * @param sitesStableEmissions completed emissions in a row with the same top leak site
 * after which sites are no longer emitted
 * @param sitesStopAfter how long the recording keeps running once the status has left
 * SUSPECTED
 * @author memleak
 */
public record EscalationSettings(boolean onWatch, Duration maxDuration, Duration minInterval, int sitesStableEmissions,
		Duration sitesStopAfter) {

	/** The default longest escalation. */
	static final Duration DEFAULT_MAX_DURATION = Duration.ofMinutes(10);

	/** The derived min-interval is at least this. */
	static final Duration DEFAULT_MIN_INTERVAL = Duration.ofHours(1);

	public EscalationSettings {
		if (maxDuration.compareTo(Duration.ofSeconds(10)) < 0 || maxDuration.compareTo(Duration.ofHours(6)) > 0) {
			throw new IllegalArgumentException(
					"memleak.escalation.max-duration must be between 10s and 6h (inclusive), but was " + maxDuration);
		}
		if (sitesStableEmissions < 2 || sitesStableEmissions > 100) {
			throw new IllegalArgumentException(
					"memleak.escalation.sites-stable-emissions must be between 2 and 100 (inclusive), but was "
							+ sitesStableEmissions);
		}
		if (sitesStopAfter.isNegative()) {
			throw new IllegalArgumentException(
					"memleak.escalation.sites-stop-after must not be negative, but was " + sitesStopAfter);
		}
		if (minInterval.compareTo(maxDuration) < 0) {
			throw new IllegalArgumentException("memleak.escalation.min-interval (" + minInterval
					+ ") must be at least memleak.escalation.max-duration (" + maxDuration
					+ "): a second escalation never starts while one runs");
		}
	}

	/**
	 * The defaults: on WATCH too, 10 minutes of snapshots at most, one escalation per
	 * hour, sites until the same top leak site in 3 emissions, the recording stopped 10
	 * minutes after the status left SUSPECTED.
	 * @return the defaults
	 */
	public static EscalationSettings defaults() {
		return builder().build();
	}

	/**
	 * Start a builder whose unset values are the defaults, derived where they depend on
	 * others.
	 * @return the builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Builds {@link EscalationSettings}; values left unset are the defaults, or derived.
	 */
	public static final class Builder {

		private boolean onWatch = true;

		private Duration maxDuration = DEFAULT_MAX_DURATION;

		private @Nullable Duration minInterval;

		private int sitesStableEmissions = 3;

		private Duration sitesStopAfter = Duration.ofMinutes(10);

		Builder() {
		}

		public Builder onWatch(boolean onWatch) {
			this.onWatch = onWatch;
			return this;
		}

		public Builder maxDuration(Duration maxDuration) {
			this.maxDuration = maxDuration;
			return this;
		}

		/**
		 * Set the least time between two escalations; {@code null} derives it: an hour,
		 * or the max-duration if that is longer.
		 * @param minInterval the interval or {@code null}
		 * @return this builder
		 */
		public Builder minInterval(@Nullable Duration minInterval) {
			this.minInterval = minInterval;
			return this;
		}

		public Builder sitesStableEmissions(int sitesStableEmissions) {
			this.sitesStableEmissions = sitesStableEmissions;
			return this;
		}

		public Builder sitesStopAfter(Duration sitesStopAfter) {
			this.sitesStopAfter = sitesStopAfter;
			return this;
		}

		/**
		 * Build the settings.
		 * @return the settings
		 * @throws IllegalArgumentException naming the property, or both properties, that
		 * break a rule
		 */
		public EscalationSettings build() {
			Duration minInterval = this.minInterval;
			if (minInterval == null) {
				minInterval = (this.maxDuration.compareTo(DEFAULT_MIN_INTERVAL) > 0) ? this.maxDuration
						: DEFAULT_MIN_INTERVAL;
			}
			return new EscalationSettings(this.onWatch, this.maxDuration, minInterval, this.sitesStableEmissions,
					this.sitesStopAfter);
		}

	}

}
