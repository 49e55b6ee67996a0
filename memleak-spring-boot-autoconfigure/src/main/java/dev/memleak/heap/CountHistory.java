package dev.memleak.heap;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Bounded history of cumulative execution counts per workload, recorded at every
 * evaluation, from which the counts at any moment in between are interpolated. Rows are
 * kept at least a spacing apart (a newer evaluation replaces the newest row until that
 * row is the spacing past the one before), so that a fixed number of rows covers the
 * detection window whatever the evaluation interval.
 *
 * @author memleak
 */
public final class CountHistory {

	private static final long[] NO_COUNTS = {};

	private final int capacity;

	private final long spacingMillis;

	private final Map<String, Integer> indexes = new HashMap<>();

	private final List<String> names = new ArrayList<>();

	private final long[] times;

	private final long[][] counts;

	private int start;

	private int size;

	/**
	 * Create a history.
	 * @param capacity rows kept, at least 2
	 * @param spacing least time between two kept rows; zero keeps every row
	 */
	public CountHistory(int capacity, Duration spacing) {
		if (capacity < 2) {
			throw new IllegalArgumentException("A count history needs at least 2 rows, but was given " + capacity);
		}
		this.capacity = capacity;
		this.spacingMillis = spacing.toMillis();
		this.times = new long[capacity];
		this.counts = new long[capacity][];
	}

	/**
	 * Record the cumulative counts at one moment.
	 * @param at the moment
	 * @param cumulative workload to count since startup
	 * @param maxWorkloads distinct workloads tracked; workloads first seen past it are
	 * ignored
	 */
	public synchronized void record(Instant at, Map<String, Long> cumulative, int maxWorkloads) {
		cumulative.keySet().forEach((name) -> {
			if (!this.indexes.containsKey(name) && this.names.size() < maxWorkloads) {
				this.indexes.put(name, this.names.size());
				this.names.add(name);
			}
		});
		// Rows only hold the workloads known when they were recorded: a workload seen
		// later had not run before.
		long[] row = (this.names.isEmpty()) ? NO_COUNTS : new long[this.names.size()];
		cumulative.forEach((name, count) -> {
			Integer index = this.indexes.get(name);
			if (index != null) {
				row[index] = count;
			}
		});
		long millis = at.toEpochMilli();
		int slot;
		if (this.size >= 2 && this.times[slot(this.size - 1)] - this.times[slot(this.size - 2)] < this.spacingMillis) {
			// The newest row is not yet the spacing past the one before: replace it.
			slot = slot(this.size - 1);
		}
		else if (this.size < this.capacity) {
			slot = slot(this.size);
			this.size++;
		}
		else {
			slot = this.start;
			this.start = (this.start + 1) % this.capacity;
		}
		this.times[slot] = millis;
		this.counts[slot] = row;
	}

	/**
	 * Return the workload names, in index order.
	 * @return the names
	 */
	public synchronized List<String> workloads() {
		return List.copyOf(this.names);
	}

	/**
	 * Return every workload's cumulative count at a moment, interpolated linearly between
	 * the rows around it, or {@code null} if the moment is outside the history.
	 * @param epochMillis the moment
	 * @return counts by workload index, or {@code null}
	 */
	public synchronized double[] countsAt(long epochMillis) {
		for (int i = 1; i < this.size; i++) {
			int before = slot(i - 1);
			int after = slot(i);
			if (this.times[before] <= epochMillis && epochMillis <= this.times[after]) {
				double span = this.times[after] - this.times[before];
				double weight = (span > 0) ? (epochMillis - this.times[before]) / span : 1;
				double[] interpolated = new double[this.names.size()];
				for (int w = 0; w < interpolated.length; w++) {
					long from = count(this.counts[before], w);
					interpolated[w] = from + weight * (count(this.counts[after], w) - from);
				}
				return interpolated;
			}
		}
		return null;
	}

	private int slot(int position) {
		return (this.start + position) % this.capacity;
	}

	private static long count(long[] row, int index) {
		return (index < row.length) ? row[index] : 0;
	}

}
