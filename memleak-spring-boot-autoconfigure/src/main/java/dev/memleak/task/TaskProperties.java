package dev.memleak.task;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of background task measurement.
 *
 * @author memleak
 */
@ConfigurationProperties("memleak.task")
public class TaskProperties implements InitializingBean {

	/**
	 * Whether to measure the bytes, duration and outcome of @Async methods, @Scheduled
	 * jobs and executor tasks. Costs well under a microsecond per task, so it stays on
	 * even for small tasks.
	 */
	private boolean enabled = true;

	/**
	 * Most distinct task names kept, in the meters and in the report. Names past the
	 * limit are recorded under 'OTHER'; raise it only if the application really has more
	 * jobs, since every task adds meter series. At least 1.
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
		this.maxTaskTags = maxTaskTags;
	}

	public boolean isDecorateUserExecutors() {
		return this.decorateUserExecutors;
	}

	public void setDecorateUserExecutors(boolean decorateUserExecutors) {
		this.decorateUserExecutors = decorateUserExecutors;
	}

	/**
	 * Fail at binding, naming the property, unless the properties are valid, whichever
	 * memleak beans the application replaces.
	 */
	@Override
	public void afterPropertiesSet() {
		toSettings();
	}

	/**
	 * Return the settings of task measurement.
	 * @return the settings
	 * @throws IllegalArgumentException naming the property that breaks a rule
	 */
	public TaskSettings toSettings() {
		return new TaskSettings(this.maxTaskTags);
	}

}
