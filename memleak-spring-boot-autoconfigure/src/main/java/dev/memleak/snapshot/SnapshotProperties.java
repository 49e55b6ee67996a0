package dev.memleak.snapshot;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of heap snapshots (class histograms) and their suspects. Every rule
 * between these properties, and the defaults derived from others, are in
 * {@link SnapshotSettings}.
 *
 * @author memleak
 */
@ConfigurationProperties("memleak.snapshot")
public class SnapshotProperties implements InitializingBean {

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
	 * deployment, started together, do not all pause at the same moment. At most the
	 * interval. Unset: a twelfth of the interval (5 minutes with the default interval).
	 */
	private @Nullable Duration jitter;

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
	 * Least share (0 to 0.5) of the growth of all steadily growing classes a suspect must
	 * explain, its held byte arrays and collection internals included: below it, a class
	 * is no suspect, or, when it is named only as growing alongside a significant generic
	 * class, ranks after those that explain more, and the diagnosis gives it a low
	 * confidence. Keeps JDK internals that grow by a few instances during a leak
	 * (interned method types, thread-local entries) from topping the suspects, while a
	 * leak a fiftieth the size of another is still listed. 0 turns the rule off.
	 */
	private double suspectMinShare = 0.01;

	/**
	 * Top suspects exported as 'memleak.suspect.bytes' series (tags rank and class).
	 * Series of classes that leave the top are removed, so at most this many exist. 0
	 * exports none.
	 */
	private int suspectMeters = 5;

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
		this.interval = interval;
	}

	public Duration getInitialDelay() {
		return this.initialDelay;
	}

	public void setInitialDelay(Duration initialDelay) {
		this.initialDelay = initialDelay;
	}

	public @Nullable Duration getJitter() {
		return this.jitter;
	}

	public void setJitter(@Nullable Duration jitter) {
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
		this.maxHeapForForcedGc = maxHeapForForcedGc;
	}

	public int getTopClasses() {
		return this.topClasses;
	}

	public void setTopClasses(int topClasses) {
		this.topClasses = topClasses;
	}

	public int getHistorySize() {
		return this.historySize;
	}

	public void setHistorySize(int historySize) {
		this.historySize = historySize;
	}

	public int getSuspectMinSnapshots() {
		return this.suspectMinSnapshots;
	}

	public void setSuspectMinSnapshots(int suspectMinSnapshots) {
		this.suspectMinSnapshots = suspectMinSnapshots;
	}

	public DataSize getSuspectMinGrowth() {
		return this.suspectMinGrowth;
	}

	public void setSuspectMinGrowth(DataSize suspectMinGrowth) {
		this.suspectMinGrowth = suspectMinGrowth;
	}

	public double getSuspectMinShare() {
		return this.suspectMinShare;
	}

	public void setSuspectMinShare(double suspectMinShare) {
		this.suspectMinShare = suspectMinShare;
	}

	public int getSuspectMeters() {
		return this.suspectMeters;
	}

	public void setSuspectMeters(int suspectMeters) {
		this.suspectMeters = suspectMeters;
	}

	/**
	 * Fail at binding, naming the properties, unless the properties agree with each
	 * other, whichever memleak beans the application replaces.
	 */
	@Override
	public void afterPropertiesSet() {
		toSettings();
	}

	/**
	 * Return the settings, with the unset values derived.
	 * @return the settings
	 * @throws IllegalArgumentException naming the property, or both properties, that
	 * break a rule
	 */
	public SnapshotSettings toSettings() {
		return SnapshotSettings.builder()
			.interval(this.interval)
			.initialDelay(this.initialDelay)
			.jitter(this.jitter)
			.mode(this.mode)
			.maxHeapForForcedGcBytes(this.maxHeapForForcedGc.toBytes())
			.topClasses(this.topClasses)
			.historySize(this.historySize)
			.suspectMinSnapshots(this.suspectMinSnapshots)
			.suspectMinGrowthBytes(this.suspectMinGrowth.toBytes())
			.suspectMinShare(this.suspectMinShare)
			.suspectMeters(this.suspectMeters)
			.build();
	}

}
