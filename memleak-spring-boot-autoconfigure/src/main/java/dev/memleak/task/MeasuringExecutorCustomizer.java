package dev.memleak.task;

import dev.memleak.core.FailureRecorder;

import org.springframework.boot.task.SimpleAsyncTaskExecutorCustomizer;
import org.springframework.boot.task.SimpleAsyncTaskSchedulerCustomizer;
import org.springframework.boot.task.ThreadPoolTaskExecutorCustomizer;
import org.springframework.boot.task.ThreadPoolTaskSchedulerCustomizer;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Puts memleak's decorator in front of the decorator of every executor and scheduler that
 * Spring Boot's builders build: Boot's own {@code applicationTaskExecutor} and
 * {@code taskScheduler} (platform or virtual threads), and those the application builds
 * with the builders. Boot's builders apply customizers after the {@code TaskDecorator}
 * beans, so the application's decorators keep running, composed after memleak's.
 * <p>
 * memleak deliberately does not contribute a {@code TaskDecorator} bean, although Boot
 * would compose it: a second bean of that type would break applications that inject their
 * single {@code TaskDecorator} by type.
 *
 * @author memleak
 */
public final class MeasuringExecutorCustomizer implements ThreadPoolTaskExecutorCustomizer,
		SimpleAsyncTaskExecutorCustomizer, ThreadPoolTaskSchedulerCustomizer, SimpleAsyncTaskSchedulerCustomizer {

	private final MeasuringTaskDecorator decorator;

	private final FailureRecorder failures;

	/**
	 * Create an instance.
	 * @param monitor measures and records executions
	 * @param failures where memleak's own failures are counted
	 */
	public MeasuringExecutorCustomizer(TaskMonitor monitor, FailureRecorder failures) {
		this.decorator = new MeasuringTaskDecorator(monitor);
		this.failures = failures;
	}

	@Override
	public void customize(ThreadPoolTaskExecutor taskExecutor) {
		addDecorator(taskExecutor);
	}

	@Override
	public void customize(SimpleAsyncTaskExecutor taskExecutor) {
		addDecorator(taskExecutor);
	}

	@Override
	public void customize(ThreadPoolTaskScheduler taskScheduler) {
		addDecorator(taskScheduler);
	}

	@Override
	public void customize(SimpleAsyncTaskScheduler taskScheduler) {
		addDecorator(taskScheduler);
	}

	private void addDecorator(Object executor) {
		try {
			TaskDecoratorAccess access = TaskDecoratorAccess.of(executor.getClass());
			if (access != null) {
				access.addFirst(executor, this.decorator);
			}
		}
		catch (RuntimeException ex) {
			this.failures.record(TaskMonitor.COMPONENT, ex);
		}
	}

}
