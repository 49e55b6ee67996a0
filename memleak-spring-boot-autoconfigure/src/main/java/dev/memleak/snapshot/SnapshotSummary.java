package dev.memleak.snapshot;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A heap snapshot without its classes, as listed by
 * {@code GET /actuator/memoryleak/snapshots}.
 *
 * @param time when the attempt started
 * @param trigger why it was taken
 * @param mode whether a full collection was forced first
 * @param status what became of it
 * @param duration how long the histogram took, zero if none was taken
 * @param totalInstances instances on the heap, or 0 if none was taken
 * @param totalBytes bytes on the heap, or 0 if none was taken
 * @param note why it was skipped, failed or is unavailable, or {@code null}
 * @author memleak
 */
public record SnapshotSummary(Instant time, SnapshotTrigger trigger, SnapshotMode mode, SnapshotStatus status,
		Duration duration, long totalInstances, long totalBytes, @Nullable String note) {

}
