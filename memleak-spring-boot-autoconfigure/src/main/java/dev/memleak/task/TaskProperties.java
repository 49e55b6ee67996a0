package dev.memleak.task;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of background task measurement.
 *
 * @author memleak
 */
@ConfigurationProperties("memleak.task")
public class TaskProperties {

	/**
	 * Whether to measure the bytes, duration and outcome of @Async methods, @Scheduled
	 * jobs and executor tasks. Costs well under a microsecond per task, so it stays on
	 * even for small tasks.
	 */
	private boolean enabled = true;

	/**
	 * Most distinct task names kept, in the meters and in the report. Names past the
	 * limit are recorded under 'OTHER'; raise it only if the application really has more
	 * jobs, since every task adds meter series.
	 */
	private int maxTaskTags = 100;

	/**
	 * Whether executors the application defines itself (ThreadPoolTaskExecutor,
	 * ThreadPoolTaskScheduler, SimpleAsyncTaskExecutor beans, and ExecutorService beans
	 * declared by interface) are measured too. Spring Boot's own executor and scheduler
	 * are measured either way; turn this off if wrapping an ExecutorService bean disturbs
	 * code that casts it to its implementation class.
	 */
	private boolean decorateUserExecutors = true;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public int getMaxTaskTags() {
		return this.maxTaskTags;
	}

	public void setMaxTaskTags(int maxTaskTags) {
		if (maxTaskTags < 1) {
			throw new IllegalArgumentException("memleak.task.max-task-tags must be at least 1, but was " + maxTaskTags);
		}
		this.maxTaskTags = maxTaskTags;
	}

	public boolean isDecorateUserExecutors() {
		return this.decorateUserExecutors;
	}

	public void setDecorateUserExecutors(boolean decorateUserExecutors) {
		this.decorateUserExecutors = decorateUserExecutors;
	}

}
