package dev.memleak.snapshot;

/**
 * Why a heap snapshot was taken.
 *
 * @author memleak
 */
public enum SnapshotTrigger {

	/** The regular schedule ({@code memleak.snapshot.interval}). */
	SCHEDULED,

	/**
	 * Evidence gathered on a suspected leak: a burst of snapshots spaced from the growth
	 * rate (see {@code dev.memleak.escalation}).
	 */
	ESCALATION,

	/** Someone asked for one ({@code POST /actuator/memoryleak/snapshots}). */
	ON_DEMAND

}
