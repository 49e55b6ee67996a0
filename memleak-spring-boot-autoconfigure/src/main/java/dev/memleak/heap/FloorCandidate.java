package dev.memleak.heap;

import java.time.Instant;

/**
 * An observation of the long-lived pool right after a collection that reclaimed it: an
 * upper bound of the live set that tracks it closely. Candidates of one collection cycle
 * (the mixed collections after one G1 marking, say) share a cycle number; the minimum of
 * a cycle is its floor point.
 *
 * @param at when it was observed
 * @param bytes occupancy of the long-lived pool
 * @param maxBytes the most the pool can grow to
 * @param cycle the collection cycle it belongs to
 * @author memleak
 */
public record FloorCandidate(Instant at, long bytes, long maxBytes, long cycle) {
}
