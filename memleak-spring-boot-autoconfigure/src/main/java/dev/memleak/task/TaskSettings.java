package dev.memleak.task;

/**
 * What the task recorder needs, with the rules of the {@code memleak.task.*} values, so
 * that settings or a recorder a user defines get the same checks as those built from
 * properties. The switches ({@code enabled}, {@code decorate-user-executors}) decide
 * which beans exist and have no rule with another property.
 *
 * @param maxTaskTags the most distinct task names kept
 * @author memleak
 */
public record TaskSettings(int maxTaskTags) {

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
