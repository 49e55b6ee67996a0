package dev.memleak.allocation;

import java.util.Map;

/**
 * A source of cumulative execution counts per workload (a route, a background task),
 * which the leak detector regresses live-set growth on to attribute retention.
 *
 * @author memleak
 */
@FunctionalInterface
public interface ExecutionCounts {

	/**
	 * Return how many times each workload has run since startup. Keys are stable,
	 * human-readable and bounded in number, for example {@code GET /owners/{id}} or
	 * {@code task OrderJob.rollup}.
	 * @return cumulative counts per workload
	 */
	Map<String, Long> executionCounts();

	/**
	 * Return the most distinct workloads {@link #executionCounts()} can ever hold, so
	 * that the detector tracks them all; {@link Integer#MAX_VALUE} (the default) if the
	 * source does not know, in which case the detector's own bound applies.
	 * @return the bound on the number of keys
	 */
	default int maxWorkloads() {
		return Integer.MAX_VALUE;
	}

}
