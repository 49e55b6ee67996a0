package dev.memleak.snapshot;

import org.jspecify.annotations.Nullable;

/**
 * Produces the text of a class histogram, as {@code jcmd <pid> GC.class_histogram} prints
 * it.
 *
 * @author memleak
 */
@FunctionalInterface
public interface ClassHistogramSource {

	/**
	 * Take a class histogram. The application is paused while it runs.
	 * @param mode whether to force a full collection first
	 * @return the histogram text
	 * @throws Exception if the histogram cannot be taken
	 */
	String classHistogram(SnapshotMode mode) throws Exception;

	/**
	 * Why this JVM cannot take class histograms.
	 * @return the reason, or {@code null} if it can
	 */
	default @Nullable String unavailableReason() {
		return null;
	}

}
