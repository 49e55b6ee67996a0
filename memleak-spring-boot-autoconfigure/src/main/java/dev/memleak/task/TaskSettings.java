package dev.memleak.task;

/**
 * What background task measurement needs, with the rules of the {@code memleak.task.*}
 * properties, so that a recorder a user builds gets the same checks as one built from
 * properties.
 *
 * @param maxTaskTags the most distinct task names kept
 * @param decorateUserExecutors whether executors the application defines are measured
 * @author memleak
 */
public record TaskSettings(int maxTaskTags, boolean decorateUserExecutors) {

	/** Buckets kept besides the named tasks: unnamed tasks and names past the limit. */
	static final int BUCKETS = 2;

	public TaskSettings {
		if (maxTaskTags < 1) {
			throw new IllegalArgumentException("memleak.task.max-task-tags must be at least 1, but was " + maxTaskTags);
		}
	}

	/**
	 * Return the most distinct task records: the named tasks and the buckets.
	 * @return the bound
	 */
	public int maxTasks() {
		return this.maxTaskTags + BUCKETS;
	}

}
