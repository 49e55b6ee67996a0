package dev.memleak.diagnosis;

import dev.memleak.task.TaskAllocationRecorder;

/**
 * A route or a task, named as the {@code requests} and {@code tasks} sections of the
 * report name it.
 *
 * @param kind route or task
 * @param name {@code GET /owners/{id}} for a route, {@code InvoiceArchiveJob.archive} for
 * a task
 * @author memleak
 */
record Workload(WorkloadKind kind, String name) {

	/**
	 * Return the name the count regression (the report's {@code retention}) uses.
	 * @return {@code GET /owners/{id}}, or {@code task InvoiceArchiveJob.archive}
	 */
	String retentionName() {
		return (this.kind == WorkloadKind.TASK) ? TaskAllocationRecorder.KEY_PREFIX + this.name : this.name;
	}

	/**
	 * Return how a sentence names it.
	 * @return {@code GET /owners/{id}}, or {@code the task InvoiceArchiveJob.archive}
	 */
	String describe() {
		return (this.kind == WorkloadKind.TASK) ? "the task " + this.name : this.name;
	}

}
