package dev.memleak.task;

import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;

import dev.memleak.core.MemleakAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskSchedulingAutoConfiguration;
import org.springframework.boot.task.SimpleAsyncTaskExecutorBuilder;
import org.springframework.boot.task.SimpleAsyncTaskSchedulerBuilder;
import org.springframework.boot.task.ThreadPoolTaskExecutorBuilder;
import org.springframework.boot.task.ThreadPoolTaskSchedulerBuilder;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskDecorator;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class TaskAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MemleakAutoConfiguration.class, TaskAutoConfiguration.class,
				TaskExecutionAutoConfiguration.class, TaskSchedulingAutoConfiguration.class))
		.withBean(SimpleMeterRegistry.class);

	@Test
	void taskTrackingIsConfiguredByDefault() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(TaskAllocationRecorder.class)
				.hasSingleBean(TaskMonitor.class)
				.hasSingleBean(MeasuringExecutorCustomizer.class)
				.hasSingleBean(ScheduledTaskObservationHandler.class)
				.hasSingleBean(ScheduledTaskObservationConfigurer.class)
				.hasSingleBean(AsyncMethodAdvisingPostProcessor.class)
				.hasSingleBean(ExecutorDecoratingPostProcessor.class);
			assertThat(context.getBean(TaskProperties.class).getMaxTaskTags()).isEqualTo(100);
		});
	}

	@Test
	void bootsApplicationTaskExecutorMeasuresItsTasks() {
		this.contextRunner.run((context) -> {
			Executor executor = context.getBean(TaskExecutionAutoConfiguration.APPLICATION_TASK_EXECUTOR_BEAN_NAME,
					Executor.class);
			executor.execute(new ReportTask());
			await().untilAsserted(() -> assertThat(context.getBean(TaskAllocationRecorder.class).executionCounts())
				.containsEntry("task ReportTask", 1L));
		});
	}

	@Test
	void scheduledJobsAreNamedWithoutAnObservationRegistry() {
		this.contextRunner.withUserConfiguration(ScheduledJobConfiguration.class).run((context) -> {
			assertThat(context).doesNotHaveBean(ObservationRegistry.class);
			await().untilAsserted(() -> assertThat(context.getBean(TaskAllocationRecorder.class).executionCounts())
				.containsKey("task ScheduledJobConfiguration.tick")
				.doesNotContainKey("task " + TaskAllocationRecorder.UNNAMED));
		});
	}

	@Test
	void everyExecutorAndSchedulerBootsBuildersBuildIsMeasured() {
		this.contextRunner.run((context) -> {
			ThreadPoolTaskExecutor pool = context.getBean(ThreadPoolTaskExecutorBuilder.class).build();
			SimpleAsyncTaskExecutor simple = context.getBean(SimpleAsyncTaskExecutorBuilder.class).build();
			ThreadPoolTaskScheduler scheduler = context.getBean(ThreadPoolTaskSchedulerBuilder.class).build();
			SimpleAsyncTaskScheduler simpleScheduler = context.getBean(SimpleAsyncTaskSchedulerBuilder.class).build();
			pool.initialize();
			scheduler.initialize();
			try {
				pool.execute(new ReportTask());
				simple.execute(new ReportTask());
				scheduler.schedule(new ReportTask(), Instant.now());
				simpleScheduler.schedule(new ReportTask(), Instant.now());
				await().untilAsserted(() -> assertThat(context.getBean(TaskAllocationRecorder.class)
					.tasks()
					.stream()
					.mapToLong(TaskAllocation::count)
					.sum()).isEqualTo(4));
			}
			finally {
				pool.shutdown();
				scheduler.shutdown();
				simpleScheduler.close();
			}
		});
	}

	@Test
	void composesWithTheApplicationsTaskDecorator() {
		this.contextRunner.withUserConfiguration(UserDecoratorConfiguration.class).run((context) -> {
			Executor executor = context.getBean(TaskExecutionAutoConfiguration.APPLICATION_TASK_EXECUTOR_BEAN_NAME,
					Executor.class);
			executor.execute(new ReportTask());
			await().untilAsserted(() -> assertThat(context.getBean(TaskAllocationRecorder.class).executionCounts())
				.containsEntry("task ReportTask", 1L));
			assertThat(context.getBean(UserDecoratorConfiguration.class).decorated).hasValue(1);
		});
	}

	@Test
	void applicationThatInjectsItsOnlyTaskDecoratorByTypeStillStarts() {
		this.contextRunner.withUserConfiguration(UserDecoratorConfiguration.class, DecoratorConsumerConfiguration.class)
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(TaskDecorator.class);
				assertThat(context.getBean(DecoratorConsumerConfiguration.class).decorator)
					.isSameAs(context.getBean("userDecorator"));
			});
	}

	@Test
	void masterSwitchTurnsTaskTrackingOff() {
		this.contextRunner.withPropertyValues("memleak.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(TaskAllocationRecorder.class)
				.doesNotHaveBean(MeasuringExecutorCustomizer.class)
				.doesNotHaveBean(AsyncMethodAdvisingPostProcessor.class)
				.doesNotHaveBean(ExecutorDecoratingPostProcessor.class));
	}

	@Test
	void featureSwitchTurnsTaskTrackingOff() {
		this.contextRunner.withPropertyValues("memleak.task.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(TaskAllocationRecorder.class)
				.doesNotHaveBean(TaskDecorator.class)
				.doesNotHaveBean(ScheduledTaskObservationConfigurer.class)
				.doesNotHaveBean(ExecutorDecoratingPostProcessor.class);
			assertThat(context.getBean(TaskExecutionAutoConfiguration.APPLICATION_TASK_EXECUTOR_BEAN_NAME))
				.isInstanceOf(ThreadPoolTaskExecutor.class);
		});
	}

	@Test
	void userExecutorsCanBeLeftAlone() {
		this.contextRunner.withPropertyValues("memleak.task.decorate-user-executors=false").run((context) -> {
			assertThat(context).doesNotHaveBean(ExecutorDecoratingPostProcessor.class)
				.hasSingleBean(MeasuringExecutorCustomizer.class);
			assertThat(context.getBean(TaskProperties.class).isDecorateUserExecutors()).isFalse();
		});
	}

	@Test
	void backsOffWhenTheUserDefinesARecorder() {
		this.contextRunner.withUserConfiguration(UserRecorderConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(TaskAllocationRecorder.class).hasSingleBean(TaskMonitor.class);
			TaskAllocationRecorder recorder = context.getBean(UserRecorderConfiguration.class).recorder;
			assertThat(context.getBean(TaskAllocationRecorder.class)).isSameAs(recorder);
			TaskMonitor monitor = context.getBean(TaskMonitor.class);
			monitor.end(monitor.beginTask(new FutureTask<>(() -> null)));
			assertThat(recorder.executionCounts()).containsEntry("task " + TaskAllocationRecorder.UNNAMED, 1L);
		});
	}

	@Test
	void maxTaskTagsIsApplied() {
		this.contextRunner.withPropertyValues("memleak.task.max-task-tags=1").run((context) -> {
			TaskAllocationRecorder recorder = context.getBean(TaskAllocationRecorder.class);
			recorder.task("A.run").recordMeasured(1, 1, false);
			recorder.task("B.run").recordMeasured(1, 1, false);
			assertThat(recorder.executionCounts()).containsOnlyKeys("task A.run", "task OTHER");
		});
	}

	@Test
	void aUserDefinedSettingsBeanReachesTheRecorder() {
		this.contextRunner.withBean(TaskSettings.class, () -> new TaskSettings(1)).run((context) -> {
			assertThat(context).hasSingleBean(TaskSettings.class);
			TaskAllocationRecorder recorder = context.getBean(TaskAllocationRecorder.class);
			recorder.task("A.run").recordMeasured(1, 1, false);
			recorder.task("B.run").recordMeasured(1, 1, false);
			assertThat(recorder.executionCounts()).containsOnlyKeys("task A.run", "task OTHER");
		});
	}

	@Test
	void nonPositiveMaxTaskTagsFailsStartupNamingTheProperty() {
		this.contextRunner.withPropertyValues("memleak.task.max-task-tags=0")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("memleak.task.max-task-tags")
				.hasMessageContaining("at least 1")
				.hasMessageContaining("0"));
	}

	@Test
	void invalidPropertiesFailStartupAlsoWhenTheUserDefinesTheRecorder() {
		this.contextRunner.withUserConfiguration(UserRecorderConfiguration.class)
			.withPropertyValues("memleak.task.max-task-tags=0")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("memleak.task.max-task-tags must be at least 1, but was 0"));
	}

	@Test
	void worksWithoutAnyMeterRegistry() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(MemleakAutoConfiguration.class, TaskAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).doesNotHaveBean(MeterRegistry.class);
				assertThat(context).hasSingleBean(TaskAllocationRecorder.class);
			});
	}

	@Test
	void backsOffWithoutMicrometer() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).doesNotHaveBean(TaskAllocationRecorder.class)
				.doesNotHaveBean(MeasuringExecutorCustomizer.class));
	}

	static class ReportTask implements Runnable {

		@Override
		public void run() {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserDecoratorConfiguration {

		final AtomicInteger decorated = new AtomicInteger();

		@Bean
		TaskDecorator userDecorator() {
			return (runnable) -> () -> {
				this.decorated.incrementAndGet();
				runnable.run();
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableScheduling
	static class ScheduledJobConfiguration {

		@Scheduled(fixedDelay = 20)
		void tick() {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class DecoratorConsumerConfiguration {

		TaskDecorator decorator;

		@Bean
		ThreadPoolTaskExecutor userPool(TaskDecorator decorator) {
			this.decorator = decorator;
			ThreadPoolTaskExecutor pool = new ThreadPoolTaskExecutor();
			pool.setTaskDecorator(decorator);
			return pool;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserRecorderConfiguration {

		final TaskAllocationRecorder recorder = new TaskAllocationRecorder(3, null);

		@Bean
		TaskAllocationRecorder userTaskRecorder() {
			return this.recorder;
		}

	}

}
