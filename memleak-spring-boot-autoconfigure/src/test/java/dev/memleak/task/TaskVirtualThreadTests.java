package dev.memleak.task;

import java.util.concurrent.CompletableFuture;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code spring.threads.virtual.enabled=true} Boot's executor and scheduler run
 * tasks on virtual threads, which the JVM does not measure: tasks are counted and named,
 * their allocation is reported unavailable with the reason. Runs in the JDK 25 test
 * execution.
 */
@EnabledForJreRange(min = JRE.JAVA_21)
class TaskVirtualThreadTests {

	@Test
	void tasksOnVirtualThreadsAreCountedAndTheirAllocationIsUnavailable() throws Exception {
		SpringApplication application = new SpringApplication(VirtualThreadApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		try (ConfigurableApplicationContext context = application.run("--spring.main.banner-mode=off",
				"--spring.threads.virtual.enabled=true")) {
			assertThat(context.getBean(TaskExecutionAutoConfiguration.APPLICATION_TASK_EXECUTOR_BEAN_NAME))
				.isInstanceOf(SimpleAsyncTaskExecutor.class);
			Jobs jobs = context.getBean(Jobs.class);
			for (int i = 0; i < 10; i++) {
				assertThat(jobs.onVirtualThread().get()).isTrue();
			}
			TaskAllocationRecorder recorder = context.getBean(TaskAllocationRecorder.class);
			TaskAllocation async = AsyncAndScheduledTaskTests.awaitCount(recorder, "Jobs.onVirtualThread", 10);
			assertThat(async.count()).isEqualTo(10);
			assertUnmeasured(async);
			assertUnmeasured(AsyncAndScheduledTaskTests.awaitCount(recorder, "Jobs.tick", 2));
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.find(TaskRecord.ALLOCATED).counters()).isEmpty();
			assertThat(registry.get(TaskRecord.EXECUTIONS).tag("task", "Jobs.onVirtualThread").counter().count())
				.isEqualTo(10);
		}
	}

	private static void assertUnmeasured(TaskAllocation task) {
		assertThat(task.measuredCount()).isZero();
		assertThat(task.allocatedBytesMean()).isNull();
		assertThat(task.allocatedBytesMax()).isNull();
		assertThat(task.allocationUnavailable()).contains("virtual threads");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableAsync
	@EnableScheduling
	@Import(Jobs.class)
	static class VirtualThreadApplication {

	}

	static class Jobs {

		@Async
		public CompletableFuture<Boolean> onVirtualThread() throws Exception {
			Object virtual = Thread.class.getMethod("isVirtual").invoke(Thread.currentThread());
			return CompletableFuture.completedFuture((Boolean) virtual);
		}

		@Scheduled(fixedDelay = 50)
		public void tick() {
		}

	}

}
