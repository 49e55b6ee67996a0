package dev.memleak.heap;

import java.util.List;

/**
 * A route or task whose executions explain live-set growth: an entry of the report's
 * {@code retention} section.
 *
 * @param workload the route ({@code GET /owners/{id}}) or task ({@code task Job.run})
 * @param retainedBytesPerCall estimated bytes retained per execution
 * @param confidence how sure the estimate is non-zero, from 0 to 1
 * @param calls executions in the detection window
 * @param indistinguishableFrom workloads whose traffic is so proportional to this one's
 * that the growth could as well be theirs
 * @author memleak
 */
public record RetainedWorkload(String workload, double retainedBytesPerCall, double confidence, long calls,
		List<String> indistinguishableFrom) {

	public RetainedWorkload {
		indistinguishableFrom = List.copyOf(indistinguishableFrom);
	}

}
