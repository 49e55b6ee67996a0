package dev.memleak.snapshot;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One attempt to take a class histogram, successful or not.
 *
 * @param time when the attempt started
 * @param trigger why it was taken
 * @param mode whether a full collection was forced first
 * @param status what became of it
 * @param duration how long the histogram took (the application was paused for about that
 * long), zero if none was taken
 * @param totalInstances instances on the heap, or 0 if none was taken
 * @param totalBytes bytes on the heap, or 0 if none was taken
 * @param classes the largest classes by bytes ({@code memleak.snapshot.top-classes}),
 * largest first; empty if none was taken
 * @param note why it was skipped, failed or is unavailable; for one taken, why when the
 * trigger does not say it all (a scheduled snapshot brought forward); or {@code null}
 * @author memleak
 */
public record HeapSnapshot(Instant time, SnapshotTrigger trigger, SnapshotMode mode, SnapshotStatus status,
		Duration duration, long totalInstances, long totalBytes, List<ClassCount> classes, @Nullable String note) {

	public HeapSnapshot {
		classes = List.copyOf(classes);
	}

	static HeapSnapshot completed(Instant time, SnapshotTrigger trigger, SnapshotMode mode, Duration duration,
			ClassHistogram histogram, @Nullable String note) {
		return new HeapSnapshot(time, trigger, mode, SnapshotStatus.COMPLETED, duration, histogram.totalInstances(),
				histogram.totalBytes(), histogram.classes(), note);
	}

	static HeapSnapshot notTaken(Instant time, SnapshotTrigger trigger, SnapshotMode mode, SnapshotStatus status,
			Duration duration, String note) {
		return new HeapSnapshot(time, trigger, mode, status, duration, 0, 0, List.of(), note);
	}

	// Package-private, so that JSON has the status only.
	boolean isCompleted() {
		return this.status == SnapshotStatus.COMPLETED;
	}

	/**
	 * Return this snapshot without its classes, for listings.
	 * @return the summary
	 */
	public SnapshotSummary summary() {
		return new SnapshotSummary(this.time, this.trigger, this.mode, this.status, this.duration, this.totalInstances,
				this.totalBytes, this.note);
	}

}
