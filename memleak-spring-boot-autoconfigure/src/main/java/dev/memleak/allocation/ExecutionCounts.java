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

}
