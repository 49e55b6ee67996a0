package dev.memleak.snapshot;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of heap snapshots (class histograms) and their suspects.
 *
 * @author memleak
 */
@ConfigurationProperties("memleak.snapshot")
public class SnapshotProperties {

	/**
	 * Whether to take class histograms on a schedule, when a leak is suspected and on
	 * demand. Each one pauses the application: in the default mode about 0.2 s for a
	 * small Boot application and 1 s per GiB of live heap on 2 cores
	 * (docs/performance.md).
	 */
	private boolean enabled = true;

	/**
	 * Time between two scheduled snapshots. Suspects need several snapshots, so a shorter
	 * interval names leaking classes sooner at the price of more pauses.
	 */
	private Duration interval = Duration.ofHours(1);

	/**
	 * Time from startup to the first scheduled snapshot. Long enough for warm-up (caches
	 * filling, lazy initialization) to be over, so the first snapshot is a fair baseline.
	 */
	private Duration initialDelay = Duration.ofMinutes(15);

	/**
	 * Most random delay added to every scheduled snapshot, so that the pods of a
	 * deployment, started together, do not all pause at the same moment.
	 */
	private Duration jitter = Duration.ofMinutes(5);

	/**
	 * Whether to force a full collection before counting ('live': exact live counts, a
	 * longer pause) or to count every object without collecting ('all': a shorter pause,
	 * but garbage waiting in the old generation counts as growth and can make false
	 * suspects).
	 */
	private SnapshotMode mode = SnapshotMode.LIVE;

	/**
	 * Heap in use above which a 'live' snapshot is skipped (with a note in the report)
	 * rather than pausing the application for a full collection of that much heap: about
	 * 1 s per GiB of live objects on 2 cores.
	 */
	private DataSize maxHeapForForcedGc = DataSize.ofGigabytes(1);

	/**
	 * Classes kept per snapshot, the largest by bytes. A class that leaks is only
	 * compared once it is among them; more classes cost about 40 bytes each per snapshot
	 * kept.
	 */
	private int topClasses = 300;

	/**
	 * Snapshots kept (a day at the default interval). Failed and skipped attempts count
	 * too.
	 */
	private int historySize = 24;

	/**
	 * Completed snapshots of the same mode over which a class must keep growing to be a
	 * suspect (K). Fewer names suspects sooner; more rules out slow warm-ups more surely.
	 */
	private int suspectMinSnapshots = 4;

	/**
	 * Least bytes a class must gain over the compared snapshots to be a suspect; an
	 * application class also counts the growth of the byte arrays, strings and collection
	 * internals it is the likeliest owner of. Keeps small fluctuations of busy classes
	 * out of the suspects.
	 */
	private DataSize suspectMinGrowth = DataSize.ofKilobytes(256);

	/**
	 * Top suspects exported as 'memleak.suspect.bytes' series (tags rank and class).
	 * Series of classes that leave the top are removed, so at most this many exist. 0
	 * exports none.
	 */
	private int suspectMeters = 5;

	/**
	 * The snapshot taken when the leak detector starts suspecting a leak.
	 */
	private final OnSuspected onSuspected = new OnSuspected();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Duration getInterval() {
		return this.interval;
	}

	public void setInterval(Duration interval) {
		if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
			throw new IllegalArgumentException("memleak.snapshot.interval must be at least 1s, but was " + interval);
		}
		this.interval = interval;
	}

	public Duration getInitialDelay() {
		return this.initialDelay;
	}

	public void setInitialDelay(Duration initialDelay) {
		requireNotNegative("memleak.snapshot.initial-delay", initialDelay);
		this.initialDelay = initialDelay;
	}

	public Duration getJitter() {
		return this.jitter;
	}

	public void setJitter(Duration jitter) {
		requireNotNegative("memleak.snapshot.jitter", jitter);
		this.jitter = jitter;
	}

	public SnapshotMode getMode() {
		return this.mode;
	}

	public void setMode(SnapshotMode mode) {
		this.mode = mode;
	}

	public DataSize getMaxHeapForForcedGc() {
		return this.maxHeapForForcedGc;
	}

	public void setMaxHeapForForcedGc(DataSize maxHeapForForcedGc) {
		if (maxHeapForForcedGc.toBytes() <= 0) {
			throw new IllegalArgumentException(
					"memleak.snapshot.max-heap-for-forced-gc must be positive, but was " + maxHeapForForcedGc);
		}
		this.maxHeapForForcedGc = maxHeapForForcedGc;
	}

	public int getTopClasses() {
		return this.topClasses;
	}

	public void setTopClasses(int topClasses) {
		requireBetween("memleak.snapshot.top-classes", topClasses, 1, 10_000);
		this.topClasses = topClasses;
	}

	public int getHistorySize() {
		return this.historySize;
	}

	public void setHistorySize(int historySize) {
		requireBetween("memleak.snapshot.history-size", historySize, 3, 1000);
		this.historySize = historySize;
	}

	public int getSuspectMinSnapshots() {
		return this.suspectMinSnapshots;
	}

	public void setSuspectMinSnapshots(int suspectMinSnapshots) {
		requireBetween("memleak.snapshot.suspect-min-snapshots", suspectMinSnapshots, 3, 1000);
		this.suspectMinSnapshots = suspectMinSnapshots;
	}

	public DataSize getSuspectMinGrowth() {
		return this.suspectMinGrowth;
	}

	public void setSuspectMinGrowth(DataSize suspectMinGrowth) {
		if (suspectMinGrowth.isNegative()) {
			throw new IllegalArgumentException(
					"memleak.snapshot.suspect-min-growth must not be negative, but was " + suspectMinGrowth);
		}
		this.suspectMinGrowth = suspectMinGrowth;
	}

	public int getSuspectMeters() {
		return this.suspectMeters;
	}

	public void setSuspectMeters(int suspectMeters) {
		requireBetween("memleak.snapshot.suspect-meters", suspectMeters, 0, 20);
		this.suspectMeters = suspectMeters;
	}

	public OnSuspected getOnSuspected() {
		return this.onSuspected;
	}

	/**
	 * Fail unless the properties agree with each other.
	 * @throws IllegalArgumentException naming the properties that disagree
	 */
	public void validate() {
		if (this.suspectMinSnapshots > this.historySize) {
			throw new IllegalArgumentException("memleak.snapshot.suspect-min-snapshots (" + this.suspectMinSnapshots
					+ ") must not exceed memleak.snapshot.history-size (" + this.historySize + ")");
		}
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
	 * The snapshot taken when the leak detector starts suspecting a leak.
	 */
	public static class OnSuspected {

		/**
		 * Whether to take a snapshot as soon as the leak detector's status becomes
		 * SUSPECTED, so that suspects are named one interval sooner.
		 */
		private boolean enabled = true;

		/**
		 * Least time since the previous snapshot (of any trigger) for the detector to
		 * trigger one; protects against a status that flaps.
		 */
		private Duration minInterval = Duration.ofMinutes(30);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getMinInterval() {
			return this.minInterval;
		}

		public void setMinInterval(Duration minInterval) {
			requireNotNegative("memleak.snapshot.on-suspected.min-interval", minInterval);
			this.minInterval = minInterval;
		}

	}

}
