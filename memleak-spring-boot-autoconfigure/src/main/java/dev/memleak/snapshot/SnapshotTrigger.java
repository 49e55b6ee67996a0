package dev.memleak.snapshot;

/**
 * Why a heap snapshot was taken.
 *
 * @author memleak
 */
public enum SnapshotTrigger {

	/** The regular schedule ({@code memleak.snapshot.interval}). */
	SCHEDULED,

	/** The leak detector entered the {@code SUSPECTED} status. */
	LEAK_SUSPECTED,

	/** Someone asked for one ({@code POST /actuator/memoryleak/snapshots}). */
	ON_DEMAND

}
