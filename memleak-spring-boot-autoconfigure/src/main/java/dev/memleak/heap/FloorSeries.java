package dev.memleak.heap;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Bounded ring buffer of floor candidates, and a smaller one of the upper bounds observed
 * after collections that did not reclaim the long-lived pool (one every
 * {@link #UPPER_BOUND_SPACING} at most). When full, the oldest is dropped. Thread-safe:
 * GC notifications append while the detector reads; listeners hear of each floor
 * candidate on the thread that adds it.
 *
 * @author memleak
 */
public final class FloorSeries {

	/** Least time between two upper bounds kept. */
	static final Duration UPPER_BOUND_SPACING = Duration.ofSeconds(5);

	/** Upper bounds kept: about 85 minutes at one every 5 seconds. */
	static final int UPPER_BOUND_CAPACITY = 1024;

	private final long[] times;

	private final long[] bytes;

	private final long[] cycles;

	private final boolean[] inspections;

	private final long[] upperTimes = new long[UPPER_BOUND_CAPACITY];

	private final long[] upperBytes = new long[UPPER_BOUND_CAPACITY];

	private int upperStart;

	private long upperSlotStart;

	private long lastFloorMillis = Long.MIN_VALUE;

	private int upperSize;

	private final List<Consumer<FloorCandidate>> listeners = new CopyOnWriteArrayList<>();

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
		this.inspections = new boolean[capacity];
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
	public void add(FloorCandidate candidate) {
		if (candidate.isFloor()) {
			addFloor(candidate);
		}
		else {
			addUpperBound(candidate);
		}
		for (Consumer<FloorCandidate> listener : this.listeners) {
			listener.accept(candidate);
		}
	}

	/**
	 * Hear of every candidate from now on, floor candidates and upper bounds, on the
	 * thread that adds it (the GC notification thread): keep the listener short.
	 * @param listener the listener
	 * @return closing it removes the listener
	 */
	public AutoCloseable onFloorCandidate(Consumer<FloorCandidate> listener) {
		this.listeners.add(listener);
		return () -> this.listeners.remove(listener);
	}

	/**
	 * Return the number of listeners added and not yet removed.
	 * @return the count
	 */
	public int listenerCount() {
		return this.listeners.size();
	}

	private synchronized void addUpperBound(FloorCandidate candidate) {
		long at = candidate.at().toEpochMilli();
		if (this.upperSize > 0) {
			int last = (this.upperStart + this.upperSize - 1) % UPPER_BOUND_CAPACITY;
			if (at - this.upperSlotStart < UPPER_BOUND_SPACING.toMillis()
					&& this.lastFloorMillis <= this.upperTimes[last]) {
				// Keep the newest observation in the slot: the bound only grows between
				// reclaiming collections, and one after a reclaiming collection starts a
				// new slot.
				this.upperTimes[last] = at;
				this.upperBytes[last] = candidate.bytes();
				return;
			}
		}
		this.upperSlotStart = at;
		int index;
		if (this.upperSize < UPPER_BOUND_CAPACITY) {
			index = (this.upperStart + this.upperSize) % UPPER_BOUND_CAPACITY;
			this.upperSize++;
		}
		else {
			index = this.upperStart;
			this.upperStart = (this.upperStart + 1) % UPPER_BOUND_CAPACITY;
		}
		this.upperTimes[index] = at;
		this.upperBytes[index] = candidate.bytes();
		this.maxBytes = candidate.maxBytes();
	}

	private synchronized void addFloor(FloorCandidate candidate) {
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
		this.lastFloorMillis = Math.max(this.lastFloorMillis, this.times[index]);
		this.bytes[index] = candidate.bytes();
		this.cycles[index] = candidate.cycle();
		this.inspections[index] = candidate.kind() == FloorCandidate.Kind.INSPECTION;
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
		boolean minInspection = false;
		for (int i = 0; i < this.size; i++) {
			int index = (this.start + i) % this.times.length;
			if (this.times[index] < fromMillis) {
				continue;
			}
			if (this.cycles[index] != currentCycle) {
				if (currentCycle != Long.MIN_VALUE) {
					points.add(new FloorPoint(minTime, minBytes, minInspection));
				}
				currentCycle = this.cycles[index];
				minBytes = Long.MAX_VALUE;
			}
			if (this.bytes[index] < minBytes) {
				minBytes = this.bytes[index];
				minTime = this.times[index];
				minInspection = this.inspections[index];
			}
		}
		if (currentCycle != Long.MIN_VALUE) {
			points.add(new FloorPoint(minTime, minBytes, minInspection));
		}
		return points;
	}

	/**
	 * Return the upper bounds observed at or after {@code from}: the long-lived pool
	 * after collections that did not reclaim it.
	 * @param from the start
	 * @return the upper bounds, oldest first
	 */
	public synchronized List<FloorPoint> upperBounds(Instant from) {
		long fromMillis = from.toEpochMilli();
		List<FloorPoint> points = new ArrayList<>();
		for (int i = 0; i < this.upperSize; i++) {
			int index = (this.upperStart + i) % UPPER_BOUND_CAPACITY;
			if (this.upperTimes[index] >= fromMillis) {
				points.add(new FloorPoint(this.upperTimes[index], this.upperBytes[index], false));
			}
		}
		return points;
	}

	/**
	 * Return the most recent floor candidate's time, or {@code null} if there is none.
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
	 * @param inspection whether it follows a full collection memleak caused (a heap
	 * snapshot or heap dump): the exact live set
	 */
	public record FloorPoint(long epochMillis, long bytes, boolean inspection) {

		/**
		 * A floor point after an ordinary reclaiming collection.
		 * @param epochMillis when
		 * @param bytes the live set
		 */
		public FloorPoint(long epochMillis, long bytes) {
			this(epochMillis, bytes, false);
		}

	}

}
