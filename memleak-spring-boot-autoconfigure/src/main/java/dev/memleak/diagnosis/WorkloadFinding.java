package dev.memleak.diagnosis;

import java.util.List;

/**
 * The route or task whose handler is on a leak's allocation stack.
 *
 * @param kind route or task
 * @param name {@code GET /owners/{id}} for a route, {@code InvoiceArchiveJob.archive} for
 * a task, as the {@code requests} and {@code tasks} sections name them
 * @param alternatives other routes the same handler serves (the stack cannot tell them
 * apart), or other workloads on the stacks of the site's remaining samples
 * @param handler the handler frame found on the stack, {@code pkg.Class.method}
 * @param onStackShare the fraction of the site's samples whose stack has this handler
 * @param confidence how sure this workload allocates the leak, from 0 to 1, given the
 * allocation site (see {@code explanation})
 * @param explanation the evidence behind the confidence, in one sentence
 * @author memleak
 */
public record WorkloadFinding(WorkloadKind kind, String name, List<String> alternatives, String handler,
		double onStackShare, double confidence, String explanation) {

	public WorkloadFinding {
		alternatives = List.copyOf(alternatives);
	}

}
