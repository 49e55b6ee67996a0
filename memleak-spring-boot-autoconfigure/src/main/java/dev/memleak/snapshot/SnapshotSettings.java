package dev.memleak.snapshot;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Everything heap snapshots need, with every rule between the {@code memleak.snapshot.*}
 * properties: the record cannot hold settings that contradict each other, whether they
 * come from properties or from a user's own bean. Dependent defaults are derived by
 * {@link #builder()}.
 *
 * @param interval time between two scheduled snapshots
 * @param initialDelay time from startup to the first scheduled snapshot
 * @param jitter most random delay added to every scheduled snapshot
 * @param mode whether scheduled and on-demand snapshots force a full collection first
 * @param maxHeapForForcedGcBytes heap in use above which a {@code live} snapshot is
 * skipped
 * @param topClasses classes kept per snapshot
 * @param historySize snapshots kept
 * @param suspectMinSnapshots completed snapshots of the same mode a suspect is judged on
 * @param suspectMinGrowthBytes least bytes a suspect gains over them
 * @param suspectMinShare least share of the growth of all steadily growing classes a
 * suspect explains to rank before the classes that explain less
 * @param suspectMeters top suspects exported as meters
 * @author memleak
 */
public record SnapshotSettings(Duration interval, Duration initialDelay, Duration jitter, SnapshotMode mode,
		long maxHeapForForcedGcBytes, int topClasses, int historySize, int suspectMinSnapshots,
		long suspectMinGrowthBytes, double suspectMinShare, int suspectMeters) {

	/**
	 * The largest minimum share: above one half, two leaks could never both explain it.
	 */
	static final double MAX_SUSPECT_MIN_SHARE = 0.5;

	/** The derived jitter is this fraction of the interval (5 minutes of an hour). */
	static final int JITTER_DIVISOR = 12;

	public SnapshotSettings {
		if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
			throw new IllegalArgumentException("memleak.snapshot.interval must be at least 1s, but was " + interval);
		}
		requireNotNegative("memleak.snapshot.initial-delay", initialDelay);
		requireNotNegative("memleak.snapshot.jitter", jitter);
		if (maxHeapForForcedGcBytes <= 0) {
			throw new IllegalArgumentException("memleak.snapshot.max-heap-for-forced-gc must be positive, but was "
					+ maxHeapForForcedGcBytes + "B");
		}
		requireBetween("memleak.snapshot.top-classes", topClasses, 1, 10_000);
		requireBetween("memleak.snapshot.history-size", historySize, 3, 1000);
		requireBetween("memleak.snapshot.suspect-min-snapshots", suspectMinSnapshots, 3, 1000);
		if (suspectMinGrowthBytes < 0) {
			throw new IllegalArgumentException(
					"memleak.snapshot.suspect-min-growth must not be negative, but was " + suspectMinGrowthBytes + "B");
		}
		if (!(suspectMinShare >= 0 && suspectMinShare <= MAX_SUSPECT_MIN_SHARE)) {
			throw new IllegalArgumentException("memleak.snapshot.suspect-min-share must be between 0 and "
					+ MAX_SUSPECT_MIN_SHARE + " (inclusive; 0 turns the rule off), but was " + suspectMinShare);
		}
		requireBetween("memleak.snapshot.suspect-meters", suspectMeters, 0, 20);
		if (jitter.compareTo(interval) > 0) {
			throw new IllegalArgumentException(
					"memleak.snapshot.jitter (" + jitter + ") must not exceed memleak.snapshot.interval (" + interval
							+ "): the random delay of each run would outweigh the schedule");
		}
		if (suspectMinSnapshots > historySize) {
			throw new IllegalArgumentException("memleak.snapshot.suspect-min-snapshots (" + suspectMinSnapshots
					+ ") must not exceed memleak.snapshot.history-size (" + historySize
					+ "): suspects are judged on snapshots the history keeps");
		}
	}

	/**
	 * The defaults: hourly, first after 15 minutes, up to 5 minutes of jitter,
	 * {@code live} up to 1 GB of heap in use, 300 classes, 24 snapshots, suspects over 4
	 * snapshots, 256 KB and 1% of the growth, 5 suspect meters.
	 * @return the defaults
	 */
	public static SnapshotSettings defaults() {
		return builder().build();
	}

	/**
	 * Start a builder whose unset values are the defaults, derived from the interval
	 * where they depend on it.
	 * @return the builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * The jitter derived from an interval: a twelfth of it.
	 * @param interval the interval
	 * @return the jitter
	 */
	static Duration derivedJitter(Duration interval) {
		return interval.dividedBy(JITTER_DIVISOR);
	}

	private static void requireNotNegative(String property, Duration value) {
		if (value.isNegative()) {
			throw new IllegalArgumentException(property + " must not be negative, but was " + value);
		}
	}

	private static void requireBetween(String property, int value, int min, int max) {
		if (value < min || value > max) {
			throw new IllegalArgumentException(
					property + " must be between " + min + " and " + max + " (inclusive), but was " + value);
		}
	}

	/**
	 * Builds {@link SnapshotSettings}; values left unset are the defaults, or derived.
	 */
	public static final class Builder {

		private Duration interval = Duration.ofHours(1);

		private Duration initialDelay = Duration.ofMinutes(15);

		private @Nullable Duration jitter;

		private SnapshotMode mode = SnapshotMode.LIVE;

		private long maxHeapForForcedGcBytes = 1024L * 1024 * 1024;

		private int topClasses = 300;

		private int historySize = 24;

		private int suspectMinSnapshots = 4;

		private long suspectMinGrowthBytes = 256L * 1024;

		private double suspectMinShare = 0.01;

		private int suspectMeters = 5;

		Builder() {
		}

		public Builder interval(Duration interval) {
			this.interval = interval;
			return this;
		}

		public Builder initialDelay(Duration initialDelay) {
			this.initialDelay = initialDelay;
			return this;
		}

		/**
		 * Set the jitter; {@code null} derives it from the interval (a twelfth).
		 * @param jitter the jitter or {@code null}
		 * @return this builder
		 */
		public Builder jitter(@Nullable Duration jitter) {
			this.jitter = jitter;
			return this;
		}

		public Builder mode(SnapshotMode mode) {
			this.mode = mode;
			return this;
		}

		public Builder maxHeapForForcedGcBytes(long maxHeapForForcedGcBytes) {
			this.maxHeapForForcedGcBytes = maxHeapForForcedGcBytes;
			return this;
		}

		public Builder topClasses(int topClasses) {
			this.topClasses = topClasses;
			return this;
		}

		public Builder historySize(int historySize) {
			this.historySize = historySize;
			return this;
		}

		public Builder suspectMinSnapshots(int suspectMinSnapshots) {
			this.suspectMinSnapshots = suspectMinSnapshots;
			return this;
		}

		public Builder suspectMinGrowthBytes(long suspectMinGrowthBytes) {
			this.suspectMinGrowthBytes = suspectMinGrowthBytes;
			return this;
		}

		public Builder suspectMinShare(double suspectMinShare) {
			this.suspectMinShare = suspectMinShare;
			return this;
		}

		public Builder suspectMeters(int suspectMeters) {
			this.suspectMeters = suspectMeters;
			return this;
		}

		public SnapshotSettings build() {
			Duration jitter = (this.jitter != null) ? this.jitter
					: (this.interval.isNegative() ? Duration.ZERO : derivedJitter(this.interval));
			return new SnapshotSettings(this.interval, this.initialDelay, jitter, this.mode,
					this.maxHeapForForcedGcBytes, this.topClasses, this.historySize, this.suspectMinSnapshots,
					this.suspectMinGrowthBytes, this.suspectMinShare, this.suspectMeters);
		}

	}

}
