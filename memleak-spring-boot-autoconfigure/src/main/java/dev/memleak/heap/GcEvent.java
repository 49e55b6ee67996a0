package dev.memleak.heap;

import java.time.Instant;
import java.util.Map;

/**
 * One garbage collection as the JVM reported it: which collector, why, and the usage of
 * every memory pool before and after.
 *
 * @param at when the notification was received
 * @param gcName the collector, e.g. {@code G1 Young Generation}
 * @param gcAction e.g. {@code end of minor GC}
 * @param gcCause e.g. {@code G1 Evacuation Pause}
 * @param before pool name to usage before the collection
 * @param after pool name to usage after the collection
 * @author memleak
 */
public record GcEvent(Instant at, String gcName, String gcAction, String gcCause, Map<String, PoolUsage> before,
		Map<String, PoolUsage> after) {

	public GcEvent {
		before = Map.copyOf(before);
		after = Map.copyOf(after);
	}

	/**
	 * Usage of one memory pool.
	 *
	 * @param used bytes in use
	 * @param max the most the pool can grow to, or -1 if undefined
	 */
	public record PoolUsage(long used, long max) {
	}

}
