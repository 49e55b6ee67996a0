package dev.memleak.heap;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns GC notifications into live-set floor candidates, collector by collector. A
 * candidate is the occupancy of the long-lived pool plus the survivor spaces.
 * <p>
 * The occupancy of the long-lived pool after an ordinary young collection is not the live
 * set: it includes promoted garbage that only a marking cycle reclaims. Candidates are
 * therefore taken only after collections that reclaim the long-lived pool: full and major
 * collections, G1 mixed collections (recognised by the old generation shrinking, since on
 * JDK 17 they arrive as {@code end of minor GC}), G1 concurrent-cycle pauses (Remark and
 * Cleanup, JDK 20+), ZGC and Shenandoah cycles, and G1 concurrent cleanup seen between
 * two notifications (the old generation is smaller before a collection than after the
 * previous one). See micrometer-metrics/micrometer issues 2872 and 5311 for why a young
 * pause alone does not refresh the old generation. Full collections that memleak's own
 * heap snapshots and heap dumps cause are floor points too
 * ({@link FloorCandidate.Kind#INSPECTION}).
 * <p>
 * After a collection that does not reclaim the long-lived pool, its occupancy (without
 * the survivors) is an {@link FloorCandidate.Kind#UPPER_BOUND upper bound}: between
 * reclaiming collections the pool only grows, by promotion, so its growth bounds the live
 * set's growth from above, even when no floor point exists.
 * <p>
 * Not thread-safe: one notification is processed at a time.
 *
 * @author memleak
 */
public final class LiveSetEstimator {

	/** Non-reclaiming collections after which the next candidate starts a new cycle. */
	private static final int CYCLE_GAP = 3;

	private long cycle;

	private int collectionsSinceCandidate = CYCLE_GAP;

	private long lastOldAfter = -1;

	private String longLivedPool;

	private boolean lastWasConcurrent;

	private long events;

	/**
	 * Process one collection.
	 * @param event the collection
	 * @return the floor candidates it yields, often none
	 */
	public List<FloorCandidate> accept(GcEvent event) {
		if (isPause(event.gcName())) {
			return List.of();
		}
		this.events++;
		String pool = longLivedPool(event);
		if (pool == null) {
			return List.of();
		}
		GcEvent.PoolUsage before = event.before().get(pool);
		GcEvent.PoolUsage after = event.after().get(pool);
		List<FloorCandidate> candidates = new ArrayList<>(2);
		long max = maxOf(after, before);
		boolean reclaiming = isReclaiming(event, before, after);
		boolean concurrent = event.gcName().equals("G1 Concurrent GC");
		if (!reclaiming && before != null && this.lastOldAfter >= 0 && before.used() < this.lastOldAfter) {
			// G1 concurrent cleanup freed old regions since the previous notification.
			candidates.add(candidate(event, before.used(), max, false, FloorCandidate.Kind.RECLAIMED));
		}
		if (reclaiming) {
			// A new marking (Remark, Cleanup follows), a full or a whole-heap cycle
			// starts a cycle;
			// mixed collections belong to the marking before them.
			boolean startsCycle = (concurrent && !this.lastWasConcurrent) || isWholeCycle(event);
			candidates.add(candidate(event, after.used(), max, startsCycle,
					isInspection(event.gcCause()) ? FloorCandidate.Kind.INSPECTION : FloorCandidate.Kind.RECLAIMED));
		}
		if (candidates.isEmpty()) {
			this.collectionsSinceCandidate++;
			if (!concurrent) {
				candidates.add(
						new FloorCandidate(event.at(), after.used(), max, this.cycle, FloorCandidate.Kind.UPPER_BOUND));
			}
		}
		this.lastWasConcurrent = concurrent;
		this.lastOldAfter = after.used();
		return candidates;
	}

	/**
	 * Return the name of the long-lived pool, once a collection has revealed it.
	 * @return the pool name or {@code null}
	 */
	public String longLivedPool() {
		return this.longLivedPool;
	}

	/**
	 * Return how many collections (pauses excluded) were processed.
	 * @return the count
	 */
	public long events() {
		return this.events;
	}

	private FloorCandidate candidate(GcEvent event, long bytes, long max, boolean startsCycle,
			FloorCandidate.Kind kind) {
		if (startsCycle || this.collectionsSinceCandidate >= CYCLE_GAP) {
			this.cycle++;
		}
		this.collectionsSinceCandidate = 0;
		return new FloorCandidate(event.at(), bytes, max, this.cycle, kind);
	}

	private String longLivedPool(GcEvent event) {
		if (this.longLivedPool != null && event.after().containsKey(this.longLivedPool)) {
			return this.longLivedPool;
		}
		for (String name : event.after().keySet()) {
			if (isLongLived(name)) {
				this.longLivedPool = name;
				return name;
			}
		}
		return null;
	}

	private static boolean isReclaiming(GcEvent event, GcEvent.PoolUsage before, GcEvent.PoolUsage after) {
		String name = event.gcName();
		String action = event.gcAction().toLowerCase(Locale.ROOT);
		if (action.contains("major")) {
			return true; // Parallel, Serial and G1 full collections
		}
		if (name.contains("Cycles")) {
			return !name.contains("Minor"); // ZGC, generational ZGC major, Shenandoah
		}
		if (name.equals("G1 Concurrent GC")) {
			return true; // Remark and Cleanup (JDK 20+)
		}
		// A young collection that shrank the old generation was a mixed collection.
		return before != null && after.used() < before.used();
	}

	// Survivors are reachable objects on their way to the old generation: a leak's newest
	// objects wait there until they are tenured, so leaving them out would lag the leak.
	private static long survivors(Map<String, GcEvent.PoolUsage> pools) {
		long bytes = 0;
		for (Map.Entry<String, GcEvent.PoolUsage> pool : pools.entrySet()) {
			if (pool.getKey().contains("Survivor")) {
				bytes += pool.getValue().used();
			}
		}
		return bytes;
	}

	// HotSpot's causes of the full collections of GC.class_histogram and GC.heap_dump.
	private static boolean isInspection(String cause) {
		return "Heap Inspection Initiated GC".equals(cause) || "Heap Dump Initiated GC".equals(cause);
	}

	private static boolean isWholeCycle(GcEvent event) {
		return event.gcAction().toLowerCase(Locale.ROOT).contains("major") || event.gcName().contains("Cycles");
	}

	static boolean isLongLived(String pool) {
		return pool.endsWith("Old Gen") || pool.endsWith("Tenured Gen") || pool.endsWith("Old Generation")
				|| pool.equals("ZHeap") || pool.equals("Shenandoah") || pool.equals("JavaHeap")
				|| pool.contains("tenured") || pool.endsWith("balanced-old");
	}

	private static boolean isPause(String gcName) {
		return gcName.endsWith("Pauses");
	}

	private static long maxOf(GcEvent.PoolUsage after, GcEvent.PoolUsage before) {
		if (after.max() > 0) {
			return after.max();
		}
		if (before != null && before.max() > 0) {
			return before.max();
		}
		return Runtime.getRuntime().maxMemory();
	}

}
