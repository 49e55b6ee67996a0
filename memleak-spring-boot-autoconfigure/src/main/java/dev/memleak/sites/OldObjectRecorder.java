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
	 * Start sampling.
	 * @param pathToGcRootsCutoff how long each emission may search the paths from GC
	 * roots to the samples; zero for none
	 * @return the running recording; closing it stops sampling
	 * @throws Exception if the recording cannot start
	 */
	OldObjectRecording start(Duration pathToGcRootsCutoff) throws Exception;

	/**
	 * Why this JVM cannot record old objects.
	 * @return the reason, or {@code null} if it can
	 */
	default @Nullable String unavailableReason() {
		return null;
	}

}
