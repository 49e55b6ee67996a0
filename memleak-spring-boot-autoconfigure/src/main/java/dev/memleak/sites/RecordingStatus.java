package dev.memleak.sites;

/**
 * The state of the old-object recording.
 *
 * @author memleak
 */
public enum RecordingStatus {

	/**
	 * Not recording yet: it starts when the leak detector suspects a leak or when someone
	 * asks for sites ({@code memleak.sites.start-when-suspected=true}).
	 */
	WAITING,

	/** Sampling long-lived objects. */
	RECORDING,

	/** This JVM cannot record old objects, or the recording failed to start. */
	UNAVAILABLE,

	/** Stopped for good, because the application is shutting down. */
	STOPPED

}
