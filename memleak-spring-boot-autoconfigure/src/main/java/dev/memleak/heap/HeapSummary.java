package dev.memleak.heap;

import java.time.Instant;
import java.util.List;

import dev.memleak.heap.FloorSeries.FloorPoint;
import org.jspecify.annotations.Nullable;

/**
 * The {@code heap} section of the report.
 *
 * @param liveBytes the live set (long-lived pool after the latest collection that
 * reclaimed it), or {@code null} before the first such collection
 * @param maxBytes the most the live set can grow to (the long-lived pool's maximum)
 * @param growthBytesPerSecond the live set's robust growth rate over the window, or
 * {@code null} without at least two floor points
 * @param confidence how sure it is that the live set grows, from 0 to 1, or {@code null}
 * without a trend
 * @param projectedExhaustion when the live set reaches {@code maxBytes} at the current
 * rate, or {@code null} if it does not grow
 * @param samples floor points in the detection window
 * @param lastFloorPointAt when the live set was last observed, or {@code null}
 * @param floorPoints the floor points the verdict used, oldest first (as many as
 * {@code samples}, at most {@code memleak.detection.max-samples})
 * @author memleak
 */
public record HeapSummary(@Nullable Long liveBytes, long maxBytes, @Nullable Double growthBytesPerSecond,
		@Nullable Double confidence, @Nullable Instant projectedExhaustion, int samples,
		@Nullable Instant lastFloorPointAt, List<FloorPoint> floorPoints) {

	public HeapSummary {
		floorPoints = List.copyOf(floorPoints);
	}

	/**
	 * Create a summary without floor points.
	 * @param liveBytes the live set, or {@code null}
	 * @param maxBytes the most the live set can grow to
	 * @param growthBytesPerSecond the growth rate, or {@code null}
	 * @param confidence how sure it is that the live set grows, or {@code null}
	 * @param projectedExhaustion when the live set reaches {@code maxBytes}, or
	 * {@code null}
	 * @param samples floor points in the detection window
	 * @param lastFloorPointAt when the live set was last observed, or {@code null}
	 */
	public HeapSummary(@Nullable Long liveBytes, long maxBytes, @Nullable Double growthBytesPerSecond,
			@Nullable Double confidence, @Nullable Instant projectedExhaustion, int samples,
			@Nullable Instant lastFloorPointAt) {
		this(liveBytes, maxBytes, growthBytesPerSecond, confidence, projectedExhaustion, samples, lastFloorPointAt,
				List.of());
	}

	/**
	 * Return a summary with no data yet.
	 * @param maxBytes the most the live set can grow to
	 * @return the summary
	 */
	public static HeapSummary unknown(long maxBytes) {
		return new HeapSummary(null, maxBytes, null, null, null, 0, null);
	}

}
