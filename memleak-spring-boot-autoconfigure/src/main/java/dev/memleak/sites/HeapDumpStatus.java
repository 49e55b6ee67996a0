package dev.memleak.sites;

/**
 * What became of an attempt to write a heap dump.
 *
 * @author memleak
 */
public enum HeapDumpStatus {

	/** The dump was written and is kept in the directory. */
	COMPLETED,

	/**
	 * Writing it failed (I/O error, disk full, directory not writable); the partial file
	 * was deleted.
	 */
	FAILED,

	/**
	 * Not written on purpose: the previous dump is too recent, or it would not fit the
	 * disk quota or the free disk space.
	 */
	SKIPPED,

	/** This JVM cannot write heap dumps. */
	UNAVAILABLE,

	/** Another heap dump was being written, so none was. */
	BUSY

}
