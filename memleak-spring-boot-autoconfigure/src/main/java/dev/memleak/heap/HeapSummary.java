package dev.memleak.heap;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The {@code heap} section of the report.
 *
 * @param liveBytes the live set (long-lived pool after a collection that reclaims it), or
 * {@code null} before the first such collection
 * @param maxBytes the most the live set can grow to
 * @param growthBytesPerSecond the live set's growth rate, or {@code null} without a trend
 * @param confidence how sure the trend is, from 0 to 1, or {@code null} without a trend
 * @param projectedExhaustion when the live set reaches {@code maxBytes} at the current
 * rate, or {@code null} if it does not grow
 * @param samples live-set samples in the detection window
 * @author memleak
 */
public record HeapSummary(@Nullable Long liveBytes, long maxBytes, @Nullable Double growthBytesPerSecond,
		@Nullable Double confidence, @Nullable Instant projectedExhaustion, int samples) {

	/**
	 * Return a summary with no data yet.
	 * @param maxBytes the most the live set can grow to
	 * @return the summary
	 */
	public static HeapSummary unknown(long maxBytes) {
		return new HeapSummary(null, maxBytes, null, null, null, 0);
	}

}
