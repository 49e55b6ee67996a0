package dev.memleak.sites;

/**
 * What became of an attempt to emit leak sites.
 *
 * @author memleak
 */
public enum EmissionStatus {

	/** The samples were emitted and grouped into sites. */
	COMPLETED,

	/**
	 * The recording was not running, so it was started instead: objects need time, and
	 * old-generation collections, before they tell anything. Ask again later.
	 */
	STARTED,

	/** Emitting or reading the samples failed; the recording goes on. */
	FAILED,

	/** Not emitted because the pause budget was spent; the note says when it frees up. */
	SKIPPED,

	/** This JVM cannot record old objects (no JDK Flight Recorder, or it is disabled). */
	UNAVAILABLE,

	/** Another emission was running, so none was made. Try again when it ends. */
	BUSY

}
