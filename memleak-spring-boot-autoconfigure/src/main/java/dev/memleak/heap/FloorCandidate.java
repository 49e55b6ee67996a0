package dev.memleak.heap;

import java.time.Instant;

/**
 * An observation of the long-lived pool after a collection. Most are taken right after a
 * collection that reclaimed it: an upper bound of the live set that tracks it closely.
 * Candidates of one collection cycle (the mixed collections after one G1 marking, say)
 * share a cycle number; the minimum of a cycle is its floor point. Observations after
 * collections that did not reclaim the long-lived pool are {@link Kind#UPPER_BOUND}: the
 * pool then holds the live set and the garbage promoted since the last reclaiming
 * collection, so it grows at least as fast as the live set.
 *
 * @param at when it was observed
 * @param bytes occupancy of the long-lived pool
 * @param maxBytes the most the pool can grow to
 * @param cycle the collection cycle it belongs to
 * @param kind what the observation proves
 * @author memleak
 */
public record FloorCandidate(Instant at, long bytes, long maxBytes, long cycle, Kind kind) {

	/**
	 * A candidate after a collection that reclaimed the long-lived pool.
	 * @param at when it was observed
	 * @param bytes occupancy of the long-lived pool
	 * @param maxBytes the most the pool can grow to
	 * @param cycle the collection cycle it belongs to
	 */
	public FloorCandidate(Instant at, long bytes, long maxBytes, long cycle) {
		this(at, bytes, maxBytes, cycle, Kind.RECLAIMED);
	}

	/**
	 * Whether this candidate follows a collection that reclaimed the long-lived pool.
	 * @return {@code true} for a floor candidate, {@code false} for an upper bound
	 */
	public boolean isFloor() {
		return this.kind != Kind.UPPER_BOUND;
	}

	/**
	 * What an observation proves.
	 */
	public enum Kind {

		/** After a collection that reclaimed the long-lived pool. */
		RECLAIMED,

		/**
		 * After a full collection memleak caused itself (a {@code live} heap snapshot or
		 * heap dump): the exact live set.
		 */
		INSPECTION,

		/**
		 * After a collection that did not reclaim the long-lived pool: the live set plus
		 * promoted garbage.
		 */
		UPPER_BOUND

	}

}
