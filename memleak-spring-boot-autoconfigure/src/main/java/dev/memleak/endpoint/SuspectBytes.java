package dev.memleak.endpoint;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.memleak.snapshot.ClassCount;
import dev.memleak.snapshot.HeapSnapshot;
import dev.memleak.snapshot.SnapshotStatus;
import org.jspecify.annotations.Nullable;

/**
 * The bytes of each suspect class across the kept heap snapshots (bounded by
 * {@code memleak.snapshot.history-size}), for the page's small charts.
 *
 * @author memleak
 */
final class SuspectBytes {

	private SuspectBytes() {
	}

	/**
	 * Return the bytes of each class in each completed snapshot.
	 * @param history the kept snapshots, oldest first
	 * @param classNames the suspect classes
	 * @return per class, one point per completed snapshot, oldest first
	 */
	static Map<String, List<Point>> of(List<HeapSnapshot> history, Set<String> classNames) {
		Map<String, List<Point>> series = new HashMap<>();
		for (HeapSnapshot snapshot : history) {
			if (snapshot.status() != SnapshotStatus.COMPLETED) {
				continue;
			}
			Map<String, Long> bytes = new HashMap<>();
			for (ClassCount count : snapshot.classes()) {
				if (classNames.contains(count.className())) {
					bytes.put(count.className(), count.bytes());
				}
			}
			for (String className : classNames) {
				series.computeIfAbsent(className, (name) -> new ArrayList<>())
					.add(new Point(snapshot.time(), bytes.get(className)));
			}
		}
		return series;
	}

	/**
	 * The bytes of one class in one snapshot.
	 *
	 * @param time when the snapshot was taken
	 * @param bytes the class's bytes, or {@code null} if the snapshot's top classes did
	 * not include it
	 */
	record Point(Instant time, @Nullable Long bytes) {
	}

}
