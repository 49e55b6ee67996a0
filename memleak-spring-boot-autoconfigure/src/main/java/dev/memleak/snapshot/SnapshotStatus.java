package dev.memleak.snapshot;

/**
 * What became of an attempt to take a heap snapshot.
 *
 * @author memleak
 */
public enum SnapshotStatus {

	/** The histogram was taken and parsed. */
	COMPLETED,

	/** Taking or parsing the histogram failed; the next attempt runs as planned. */
	FAILED,

	/**
	 * Not taken on purpose, for example a forced full GC on a heap larger than
	 * {@code memleak.snapshot.max-heap-for-forced-gc}.
	 */
	SKIPPED,

	/** This JVM cannot take class histograms (no DiagnosticCommand MBean). */
	UNAVAILABLE,

	/**
	 * Another snapshot was running, so none was taken. Returned to the caller, never kept
	 * in the history.
	 */
	BUSY

}
