package dev.memleak.sample;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import dev.memleak.snapshot.ClassHistogramSnapshotter;
import dev.memleak.snapshot.HeapSnapshot;
import dev.memleak.snapshot.SnapshotStatus;

/**
 * Counts the completed snapshots seen so far, beyond the history's bound: poll it more
 * often than snapshots are taken.
 */
final class SnapshotCounter {

	private final ClassHistogramSnapshotter snapshotter;

	private final Set<Instant> seen = new HashSet<>();

	SnapshotCounter(ClassHistogramSnapshotter snapshotter) {
		this.snapshotter = snapshotter;
	}

	synchronized int completed() {
		for (HeapSnapshot snapshot : this.snapshotter.history()) {
			if (snapshot.status() == SnapshotStatus.COMPLETED) {
				this.seen.add(snapshot.time());
			}
		}
		return this.seen.size();
	}

}
