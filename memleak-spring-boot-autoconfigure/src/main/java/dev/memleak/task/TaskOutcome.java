package dev.memleak.task;

/**
 * How a task execution ended, the {@code outcome} tag of the task meters.
 *
 * @author memleak
 */
public enum TaskOutcome {

	/** The task returned normally. */
	SUCCESS,

	/**
	 * The task threw, or an {@code @Async} method returned a future that had already
	 * failed.
	 */
	FAILURE

}
