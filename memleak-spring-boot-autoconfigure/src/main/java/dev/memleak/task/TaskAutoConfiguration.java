package dev.memleak.task;

import dev.memleak.allocation.AllocationCounter;
import dev.memleak.core.FailureRecorder;
import dev.memleak.core.MemleakAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.task.ThreadPoolTaskExecutorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.support.ScheduledTaskObservationContext;

/**
 * Auto-configuration of background task measurement: {@code @Async} methods,
 * {@code @Scheduled} jobs and executor tasks, with or without a web server.
 *
 * @author memleak
 */
@AutoConfiguration(after = MemleakAutoConfiguration.class)
@ConditionalOnClass({ ScheduledTaskObservationContext.class, ThreadPoolTaskExecutorCustomizer.class })
@ConditionalOnBooleanProperty(name = "memleak.task.enabled", matchIfMissing = true)
@ConditionalOnBean({ FailureRecorder.class, AllocationCounter.class })
@EnableConfigurationProperties(TaskProperties.class)
public final class TaskAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TaskSettings memleakTaskSettings(TaskProperties properties) {
		return properties.toSettings();
	}

	@Bean
	@ConditionalOnMissingBean
	TaskAllocationRecorder memleakTaskAllocationRecorder(TaskSettings settings,
			ObjectProvider<MeterRegistry> registry) {
		return new TaskAllocationRecorder(settings, registry.getIfAvailable());
	}

	@Bean
	@ConditionalOnMissingBean
	TaskMonitor memleakTaskMonitor(TaskAllocationRecorder recorder, AllocationCounter counter,
			FailureRecorder failures) {
		return new TaskMonitor(recorder, counter, failures);
	}

	@Bean
	@ConditionalOnMissingBean
	MeasuringExecutorCustomizer memleakExecutorCustomizer(TaskMonitor monitor, FailureRecorder failures) {
		return new MeasuringExecutorCustomizer(monitor, failures);
	}

	@Bean
	@ConditionalOnMissingBean
	ScheduledTaskObservationHandler memleakScheduledTaskObservationHandler(TaskMonitor monitor,
			FailureRecorder failures) {
		return new ScheduledTaskObservationHandler(monitor, failures);
	}

	@Bean
	@ConditionalOnMissingBean
	ScheduledTaskObservationConfigurer memleakScheduledTaskObservationConfigurer(
			ScheduledTaskObservationHandler handler) {
		return new ScheduledTaskObservationConfigurer(handler);
	}

	@Bean
	static AsyncMethodAdvisingPostProcessor memleakAsyncMethodAdvisingPostProcessor(ObjectProvider<TaskMonitor> monitor,
			ObjectProvider<FailureRecorder> failures) {
		return new AsyncMethodAdvisingPostProcessor(monitor::getObject, failures::getObject);
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "memleak.task.decorate-user-executors", matchIfMissing = true)
	static ExecutorDecoratingPostProcessor memleakExecutorDecoratingPostProcessor(ObjectProvider<TaskMonitor> monitor,
			ObjectProvider<FailureRecorder> failures) {
		return new ExecutorDecoratingPostProcessor(monitor::getObject, failures::getObject);
	}

}
