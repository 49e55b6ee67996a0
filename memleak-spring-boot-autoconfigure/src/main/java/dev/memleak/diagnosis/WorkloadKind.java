package dev.memleak.diagnosis;

/**
 * What kind of work allocates a leak.
 *
 * @author memleak
 */
public enum WorkloadKind {

	/** An HTTP route: a handler method or function and its pattern. */
	ROUTE,

	/**
	 * A background task: an {@code @Async} or {@code @Scheduled} method, or an executor
	 * task.
	 */
	TASK

}
