package dev.memleak.heap;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Bounded history of cumulative execution counts per workload, recorded at every
 * evaluation, from which the counts at any moment in between are interpolated.
 *
 * @author memleak
 */
public final class CountHistory {

	private final int capacity;

	private final int maxWorkloads;

	private final Map<String, Integer> indexes = new HashMap<>();

	private final List<String> names = new ArrayList<>();

	private final long[] times;

	private final long[][] counts;

	private int start;

	private int size;

	/**
	 * Create a history.
	 * @param capacity snapshots kept
	 * @param maxWorkloads distinct workloads tracked; later ones are ignored
	 */
	public CountHistory(int capacity, int maxWorkloads) {
		this.capacity = capacity;
		this.maxWorkloads = maxWorkloads;
		this.times = new long[capacity];
		this.counts = new long[capacity][];
	}

	/**
	 * Record the cumulative counts at one moment.
	 * @param at the moment
	 * @param cumulative workload to count since startup
	 */
	public synchronized void record(Instant at, Map<String, Long> cumulative) {
		long[] row = new long[this.maxWorkloads];
		cumulative.forEach((name, count) -> {
			Integer index = this.indexes.get(name);
			if (index == null && this.names.size() < this.maxWorkloads) {
				index = this.names.size();
				this.indexes.put(name, index);
				this.names.add(name);
			}
			if (index != null) {
				row[index] = count;
			}
		});
		int slot = (this.start + this.size) % this.capacity;
		if (this.size < this.capacity) {
			this.size++;
		}
		else {
			this.start = (this.start + 1) % this.capacity;
		}
		this.times[slot] = at.toEpochMilli();
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
	 * the snapshots around it, or {@code null} if the moment is outside the history.
	 * @param epochMillis the moment
	 * @return counts by workload index, or {@code null}
	 */
	public synchronized double[] countsAt(long epochMillis) {
		for (int i = 1; i < this.size; i++) {
			int before = (this.start + i - 1) % this.capacity;
			int after = (this.start + i) % this.capacity;
			if (this.times[before] <= epochMillis && epochMillis <= this.times[after]) {
				double span = this.times[after] - this.times[before];
				double weight = (span > 0) ? (epochMillis - this.times[before]) / span : 1;
				double[] interpolated = new double[this.names.size()];
				for (int w = 0; w < interpolated.length; w++) {
					interpolated[w] = this.counts[before][w]
							+ weight * (this.counts[after][w] - this.counts[before][w]);
				}
				return interpolated;
			}
		}
		return null;
	}

}
