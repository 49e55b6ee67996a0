package dev.memleak.heap;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Bounded ring buffer of floor candidates. When full, the oldest candidate is dropped.
 * Thread-safe: GC notifications append while the detector reads.
 *
 * @author memleak
 */
public final class FloorSeries {

	private final long[] times;

	private final long[] bytes;

	private final long[] cycles;

	private int start;

	private int size;

	private long maxBytes = -1;

	private long dropped;

	/**
	 * Create a series.
	 * @param capacity the most candidates kept
	 */
	public FloorSeries(int capacity) {
		this.times = new long[capacity];
		this.bytes = new long[capacity];
		this.cycles = new long[capacity];
	}

	/**
	 * Return the most candidates kept ({@code memleak.detection.max-samples}).
	 * @return the capacity
	 */
	public int capacity() {
		return this.times.length;
	}

	/**
	 * Append a candidate, dropping the oldest if full.
	 * @param candidate the candidate
	 */
	public synchronized void add(FloorCandidate candidate) {
		int capacity = this.times.length;
		int index;
		if (this.size < capacity) {
			index = (this.start + this.size) % capacity;
			this.size++;
		}
		else {
			index = this.start;
			this.start = (this.start + 1) % capacity;
			this.dropped++;
		}
		this.times[index] = candidate.at().toEpochMilli();
		this.bytes[index] = candidate.bytes();
		this.cycles[index] = candidate.cycle();
		this.maxBytes = candidate.maxBytes();
	}

	/**
	 * Return one floor point per collection cycle that has a candidate at or after
	 * {@code from}: the cycle's minimum, at the time it was observed.
	 * @param from the start of the window
	 * @return floor points, oldest first
	 */
	public synchronized List<FloorPoint> floorPoints(Instant from) {
		long fromMillis = from.toEpochMilli();
		List<FloorPoint> points = new ArrayList<>();
		long currentCycle = Long.MIN_VALUE;
		long minTime = 0;
		long minBytes = Long.MAX_VALUE;
		for (int i = 0; i < this.size; i++) {
			int index = (this.start + i) % this.times.length;
			if (this.times[index] < fromMillis) {
				continue;
			}
			if (this.cycles[index] != currentCycle) {
				if (currentCycle != Long.MIN_VALUE) {
					points.add(new FloorPoint(minTime, minBytes));
				}
				currentCycle = this.cycles[index];
				minBytes = Long.MAX_VALUE;
			}
			if (this.bytes[index] < minBytes) {
				minBytes = this.bytes[index];
				minTime = this.times[index];
			}
		}
		if (currentCycle != Long.MIN_VALUE) {
			points.add(new FloorPoint(minTime, minBytes));
		}
		return points;
	}

	/**
	 * Return the most recent candidate's time, or {@code null} if there is none.
	 * @return the time or {@code null}
	 */
	public synchronized Instant lastCandidateAt() {
		if (this.size == 0) {
			return null;
		}
		return Instant.ofEpochMilli(this.times[(this.start + this.size - 1) % this.times.length]);
	}

	/**
	 * Return the capacity of the pool the live set lives in, or -1 before any candidate.
	 * @return the max bytes
	 */
	public synchronized long maxBytes() {
		return this.maxBytes;
	}

	/**
	 * Return how many candidates were dropped because the buffer was full.
	 * @return the count
	 */
	public synchronized long dropped() {
		return this.dropped;
	}

	/**
	 * One floor point: the live set at one moment.
	 *
	 * @param epochMillis when
	 * @param bytes the live set
	 */
	public record FloorPoint(long epochMillis, long bytes) {
	}

}
