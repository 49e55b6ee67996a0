package dev.memleak.sites;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Starts old-object recordings: JVM-wide samplers of long-lived objects and their
 * allocation stacks.
 *
 * @author memleak
 */
public interface OldObjectRecorder {

	/**
	 * The old-object samples a JVM keeps unless
	 * {@code -XX:FlightRecorderOptions:old-object-queue-size} says otherwise.
	 */
	int DEFAULT_QUEUE_SIZE = 256;

	/**
	 * Start sampling.
	 * @param pathToGcRootsCutoff how long each emission may search the paths from GC
	 * roots to the samples; zero for none
	 * @return the running recording; closing it stops sampling
	 * @throws Exception if the recording cannot start
	 */
	OldObjectRecording start(Duration pathToGcRootsCutoff) throws Exception;

	/**
	 * Get the JVM ready to record without recording anything, so that a later
	 * {@link #start(Duration)} does as little as it can while the application is warm.
	 * @throws Exception if the JVM cannot be made ready
	 */
	default void prepare() throws Exception {
	}

	/**
	 * Why this JVM cannot record old objects.
	 * @return the reason, or {@code null} if it can
	 */
	default @Nullable String unavailableReason() {
		return null;
	}

	/**
	 * How many old-object samples the JVM keeps at most.
	 * @return the size of the JVM's sample queue
	 */
	default int queueSize() {
		return DEFAULT_QUEUE_SIZE;
	}

}
