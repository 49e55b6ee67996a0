package dev.memleak.snapshot;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What {@code GET /actuator/memoryleak/snapshots} returns.
 *
 * @param available whether this JVM can take class histograms
 * @param mode whether snapshots force a full collection first
 * @param runningSince when the snapshot that is running now started, or {@code null}
 * @param snapshots the kept snapshots, oldest first, without their classes
 * @param notes sentences that explain missing or degraded data
 * @author memleak
 */
public record SnapshotHistoryReport(boolean available, SnapshotMode mode, @Nullable Instant runningSince,
		List<SnapshotSummary> snapshots, List<String> notes) {

	public SnapshotHistoryReport {
		snapshots = List.copyOf(snapshots);
		notes = List.copyOf(notes);
	}

}
