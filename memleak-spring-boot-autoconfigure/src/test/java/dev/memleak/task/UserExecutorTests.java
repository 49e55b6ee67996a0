package dev.memleak.task;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.task.ThreadPoolTaskExecutorBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.task.TaskExecutor;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Executors the application defines itself, in real contexts with real threads.
 */
class UserExecutorTests {

	@Test
	void userThreadPoolTaskExecutorKeepsItsOwnDecoratorAndIsMeasured() {
		try (ConfigurableApplicationContext context = run()) {
			ThreadPoolTaskExecutor pool = context.getBean("reportPool", ThreadPoolTaskExecutor.class);
			for (int i = 0; i < 5; i++) {
				pool.execute(new ExportTask());
			}
			await().atMost(Duration.ofSeconds(10))
				.until(() -> pool.getThreadPoolExecutor().getCompletedTaskCount() == 5);
			assertThat(recorder(context).executionCounts()).containsEntry("task ExportTask", 5L);
			assertThat(context.getBean(UserExecutors.class).decorated).hasValue(5);
		}
	}

	@Test
	void executorBuiltWithBootsBuilderIsMeasuredOnce() {
		try (ConfigurableApplicationContext context = run()) {
			runOnBuiltPool(context, 20);
		}
		try (ConfigurableApplicationContext context = run("--memleak.task.decorate-user-executors=false")) {
			runOnBuiltPool(context, 20);
		}
	}

	private void runOnBuiltPool(ConfigurableApplicationContext context, int tasks) {
		ThreadPoolTaskExecutor pool = context.getBean("builtPool", ThreadPoolTaskExecutor.class);
		for (int i = 0; i < tasks; i++) {
			pool.execute(new ImportTask());
		}
		// Once the pool counts every task completed, every recording of them has
		// happened: each is counted exactly once.
		await().atMost(Duration.ofSeconds(10))
			.until(() -> pool.getThreadPoolExecutor().getCompletedTaskCount() == tasks);
		assertThat(recorder(context).executionCounts()).containsEntry("task ImportTask", (long) tasks);
	}

	@Test
	void asyncMethodOnAUserExecutorIsNamedAfterTheMethod() throws Exception {
		try (ConfigurableApplicationContext context = run()) {
			Exports exports = context.getBean(Exports.class);
			assertThat(exports.onReportPool().get()).isEqualTo("pool");
			assertThat(exports.onWorkers().get()).isEqualTo("workers");
			AsyncAndScheduledTaskTests.awaitCount(recorder(context), "Exports.onReportPool", 1);
			AsyncAndScheduledTaskTests.awaitCount(recorder(context), "Exports.onWorkers", 1);
			assertThat(recorder(context).executionCounts()).doesNotContainKey("task UNNAMED");
		}
	}

	@Test
	void executorServiceDeclaredByItsInterfaceIsWrappedAndCountsAddUpUnderConcurrency() throws Exception {
		try (ConfigurableApplicationContext context = run()) {
			ExecutorService workers = context.getBean("workers", ExecutorService.class);
			assertThat(workers).isInstanceOf(MeasuredExecutorService.class);
			int threads = 8;
			int perThread = 250;
			ExecutorService callers = Executors.newFixedThreadPool(threads);
			CountDownLatch start = new CountDownLatch(1);
			List<Future<?>> submissions = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				submissions.add(callers.submit(() -> {
					start.await();
					List<Future<?>> tasks = new ArrayList<>();
					for (int i = 0; i < perThread; i++) {
						tasks.add((i % 2 == 0) ? workers.submit(new ExportTask()) : workers.submit(new ImportTask()));
					}
					for (Future<?> task : tasks) {
						task.get(60, TimeUnit.SECONDS);
					}
					return null;
				}));
			}
			start.countDown();
			for (Future<?> submission : submissions) {
				submission.get(60, TimeUnit.SECONDS);
			}
			callers.shutdown();
			await().untilAsserted(() -> assertThat(recorder(context).executionCounts())
				.containsEntry("task ExportTask", (long) threads * perThread / 2)
				.containsEntry("task ImportTask", (long) threads * perThread / 2));
		}
	}

	@Test
	void scheduledJobOnAUserScheduledExecutorServiceIsNamedAfterTheMethod() {
		try (ConfigurableApplicationContext context = run()) {
			assertThat(context.getBean("ticker")).isInstanceOf(MeasuredScheduledExecutorService.class);
			AsyncAndScheduledTaskTests.awaitCount(recorder(context), "Exports.tick", 3);
		}
	}

	@Test
	void executorDeclaredByItsImplementationClassIsLeftAlone() throws Exception {
		try (ConfigurableApplicationContext context = run()) {
			// Positive control: the same task on a measured executor is recorded.
			context.getBean("workers", ExecutorService.class).execute(new ImportTask());
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(
						() -> assertThat(recorder(context).executionCounts()).containsEntry("task ImportTask", 1L));
			Object concrete = context.getBean("concretePool");
			assertThat(concrete).isExactlyInstanceOf(ThreadPoolExecutor.class);
			ThreadPoolExecutor pool = (ThreadPoolExecutor) concrete;
			pool.execute(new ImportTask());
			pool.shutdown();
			// Once the pool has terminated, anything wrapped around the task has run.
			assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
			assertThat(pool.getCompletedTaskCount()).isOne();
			assertThat(recorder(context).executionCounts()).containsEntry("task ImportTask", 1L);
		}
	}

	@Test
	void executorWithMoreInterfacesThanTheWrapperIsLeftAlone() {
		try (ConfigurableApplicationContext context = run()) {
			assertThat(context.getBean("inline")).isExactlyInstanceOf(InlineTaskExecutor.class);
		}
	}

	@Test
	void closingTheContextShutsTheWrappedExecutorDown() {
		ConfigurableApplicationContext context = run();
		ExecutorService original = context.getBean(UserExecutors.class).workers;
		context.close();
		assertThat(original.isShutdown()).isTrue();
	}

	@Test
	void userExecutorsAreLeftAloneWhenDecorationIsOff() {
		try (ConfigurableApplicationContext context = run("--memleak.task.decorate-user-executors=false")) {
			assertThat(context.getBean("workers")).isNotInstanceOf(MeasuredExecutor.class);
			ThreadPoolTaskExecutor pool = context.getBean("reportPool", ThreadPoolTaskExecutor.class);
			pool.execute(new ExportTask());
			// Once the pool counts the task completed, what wraps it has run.
			await().atMost(Duration.ofSeconds(10))
				.until(() -> pool.getThreadPoolExecutor().getCompletedTaskCount() == 1);
			assertThat(context.getBean(UserExecutors.class).decorated).hasValue(1);
			assertThat(recorder(context).executionCounts()).doesNotContainKey("task ExportTask");
		}
	}

	private static ConfigurableApplicationContext run(String... args) {
		SpringApplication application = new SpringApplication(UserExecutorApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		List<String> arguments = new ArrayList<>(List.of("--spring.main.banner-mode=off"));
		arguments.addAll(List.of(args));
		return application.run(arguments.toArray(String[]::new));
	}

	private static TaskAllocationRecorder recorder(ConfigurableApplicationContext context) {
		return context.getBean(TaskAllocationRecorder.class);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableAsync
	@EnableScheduling
	@Import({ UserExecutors.class, Exports.class })
	static class UserExecutorApplication {

	}

	static class UserExecutors {

		final AtomicInteger decorated = new AtomicInteger();

		ExecutorService workers;

		@Bean
		ThreadPoolTaskExecutor reportPool() {
			ThreadPoolTaskExecutor pool = new ThreadPoolTaskExecutor();
			pool.setCorePoolSize(2);
			pool.setThreadNamePrefix("report-");
			pool.setTaskDecorator((runnable) -> () -> {
				this.decorated.incrementAndGet();
				runnable.run();
			});
			return pool;
		}

		@Bean
		ThreadPoolTaskExecutor builtPool(ThreadPoolTaskExecutorBuilder builder) {
			return builder.threadNamePrefix("built-").build();
		}

		@Bean
		ExecutorService workers() {
			this.workers = Executors.newFixedThreadPool(4);
			return this.workers;
		}

		@Bean
		ScheduledExecutorService ticker() {
			return Executors.newSingleThreadScheduledExecutor();
		}

		@Bean
		Executor inline() {
			return new InlineTaskExecutor();
		}

		@Bean(destroyMethod = "shutdown")
		ThreadPoolExecutor concretePool() {
			return new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
		}

	}

	static class Exports {

		@Async("reportPool")
		public CompletableFuture<String> onReportPool() {
			return CompletableFuture.completedFuture("pool");
		}

		@Async("workers")
		public CompletableFuture<String> onWorkers() {
			return CompletableFuture.completedFuture("workers");
		}

		@Scheduled(fixedDelay = 50)
		public void tick() {
		}

	}

	static class InlineTaskExecutor implements TaskExecutor {

		@Override
		public void execute(Runnable task) {
			task.run();
		}

	}

	static class ExportTask implements Runnable {

		@Override
		public void run() {
		}

	}

	static class ImportTask implements Runnable {

		@Override
		public void run() {
		}

	}

}
