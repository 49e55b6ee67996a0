package dev.memleak.snapshot;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The last heap snapshots, oldest first, bounded by
 * {@code memleak.snapshot.history-size}. Class names repeat from one snapshot to the
 * next, so each is stored once.
 *
 * @author memleak
 */
final class SnapshotHistory {

	private final int capacity;

	private final Deque<HeapSnapshot> snapshots;

	private Map<String, String> names = Map.of();

	SnapshotHistory(int capacity) {
		this.capacity = capacity;
		this.snapshots = new ArrayDeque<>(capacity);
	}

	/**
	 * Add a snapshot, dropping the oldest one past the capacity.
	 * @param snapshot the snapshot
	 * @return the snapshot as stored, with its class names shared with earlier snapshots
	 */
	synchronized HeapSnapshot add(HeapSnapshot snapshot) {
		HeapSnapshot stored = snapshot.isCompleted() ? withSharedNames(snapshot) : snapshot;
		if (this.snapshots.size() == this.capacity) {
			this.snapshots.removeFirst();
		}
		this.snapshots.addLast(stored);
		return stored;
	}

	synchronized List<HeapSnapshot> snapshots() {
		return new ArrayList<>(this.snapshots);
	}

	synchronized @Nullable HeapSnapshot latest() {
		return this.snapshots.peekLast();
	}

	private HeapSnapshot withSharedNames(HeapSnapshot snapshot) {
		Map<String, String> shared = new HashMap<>(snapshot.classes().size() * 2);
		List<ClassCount> classes = new ArrayList<>(snapshot.classes().size());
		for (ClassCount count : snapshot.classes()) {
			String name = this.names.getOrDefault(count.className(), count.className());
			shared.put(name, name);
			classes.add((name == count.className()) ? count : new ClassCount(name, count.instances(), count.bytes()));
		}
		this.names = shared;
		return new HeapSnapshot(snapshot.time(), snapshot.trigger(), snapshot.mode(), snapshot.status(),
				snapshot.duration(), snapshot.totalInstances(), snapshot.totalBytes(), classes, snapshot.note());
	}

}
