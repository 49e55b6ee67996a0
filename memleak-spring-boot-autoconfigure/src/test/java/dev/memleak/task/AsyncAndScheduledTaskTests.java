package dev.memleak.task;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.task.TaskDecorator;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@code @Async} methods and {@code @Scheduled} jobs on Spring Boot's auto-configured
 * executor and scheduler, with an application {@code TaskDecorator}, in a real context
 * with real threads (no web server).
 */
class AsyncAndScheduledTaskTests {

	private static final long MIB = 1024 * 1024;

	private static ConfigurableApplicationContext context;

	@BeforeAll
	static void start() {
		SpringApplication application = new SpringApplication(TaskApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		context = application.run("--spring.main.banner-mode=off", "--test.job.interval=50ms",
				"--logging.level.org.springframework.scheduling.support=off",
				"--logging.level.org.springframework.aop.interceptor=off");
	}

	@AfterAll
	static void stop() {
		context.close();
	}

	@Test
	void asyncMethodIsMeasuredUnderItsOwnName() {
		Reports reports = context.getBean(Reports.class);
		for (int i = 0; i < 10; i++) {
			reports.render((int) MIB);
		}
		TaskAllocation render = awaitCount("Reports.render", 10);
		assertThat(render.measuredCount()).isEqualTo(10);
		assertThat(render.failureCount()).isZero();
		assertThat(render.allocatedBytesMax()).isBetween(MIB, MIB + MIB / 2);
		assertThat(render.allocatedBytesMean()).isBetween(MIB, MIB + MIB / 2);
		MeterRegistry registry = context.getBean(MeterRegistry.class);
		assertThat(registry.get(TaskRecord.ALLOCATED).tags("task", "Reports.render").counter().count())
			.isEqualTo(render.allocatedBytesTotal());
		assertThat(registry.get(TaskRecord.EXECUTIONS)
			.tags("task", "Reports.render", "outcome", "SUCCESS")
			.counter()
			.count()).isEqualTo(10);
	}

	@Test
	void asyncMethodReturningAFutureIsMeasured() throws Exception {
		Reports reports = context.getBean(Reports.class);
		assertThat(reports.summarise(3).get()).isEqualTo("summary 3");
		assertThat(awaitCount("Reports.summarise", 1).failureCount()).isZero();
	}

	@Test
	void failingAsyncMethodsPropagateTheirExceptionAndCountAsFailures() {
		Reports reports = context.getBean(Reports.class);
		reports.explode();
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> reports.explodeLater().get())
			.havingCause()
			.isInstanceOf(IllegalStateException.class)
			.withMessage("later");
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> reports.failedFuture().get())
			.havingCause()
			.withMessage("failed future");
		assertThat(awaitCount("Reports.explode", 1).failureCount()).isOne();
		assertThat(awaitCount("Reports.explodeLater", 1).failureCount()).isOne();
		assertThat(awaitCount("Reports.failedFuture", 1).failureCount()).isOne();
		assertThat(context.getBean(MeterRegistry.class)
			.get(TaskRecord.EXECUTIONS)
			.tags("task", "Reports.explode", "outcome", "FAILURE")
			.counter()
			.count()).isOne();
	}

	@Test
	void scheduledJobIsMeasuredUnderItsOwnName() {
		TaskAllocation sweep = awaitCount("Housekeeping.sweep", 3);
		assertThat(sweep.failureCount()).isZero();
		assertThat(sweep.allocatedBytesMean()).isGreaterThanOrEqualTo(64 * 1024);
		assertThat(recorder().tasks()).noneMatch((task) -> task.name().equals(TaskAllocationRecorder.UNNAMED));
	}

	@Test
	void failingScheduledJobCountsAsFailureAndKeepsBeingScheduled() {
		TaskAllocation flaky = awaitCount("Housekeeping.flaky", 3);
		assertThat(flaky.failureCount()).isGreaterThanOrEqualTo(flaky.count() - 1);
	}

	@Test
	void scheduledAsyncJobIsMeasuredOnceOnTheExecutorNotAgainOnTheScheduler() {
		TaskAllocation offload = awaitCount("Offloader.offload", 5);
		int invocations = context.getBean(Offloader.class).invocations();
		assertThat(offload.count()).isLessThanOrEqualTo(invocations);
		assertThat(recorder().executionCounts()).doesNotContainKey("task " + TaskAllocationRecorder.UNNAMED);
	}

	@Test
	void springBootsOwnScheduledTaskObservationStillWorks() {
		awaitCount("Housekeeping.sweep", 2);
		assertThat(context.getBean(MeterRegistry.class).find("tasks.scheduled.execution").timers()).isNotEmpty();
	}

	@Test
	void applicationTaskDecoratorStillRunsAndItsContextIsVisibleToTheTask() throws Exception {
		Reports reports = context.getBean(Reports.class);
		int before = context.getBean(TenantDecorator.class).decorated.get();
		Tenant.CURRENT.set("acme");
		try {
			assertThat(reports.currentTenant().get()).isEqualTo("acme");
		}
		finally {
			Tenant.CURRENT.remove();
		}
		assertThat(context.getBean(TenantDecorator.class).decorated.get()).isGreaterThan(before);
		awaitCount("Reports.currentTenant", 1);
	}

	@Test
	void countsAddUpExactlyUnderConcurrency() throws Exception {
		Reports reports = context.getBean(Reports.class);
		int threads = 8;
		int perThread = 200;
		ExecutorService callers = Executors.newFixedThreadPool(threads);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<?>> futures = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			futures.add(callers.submit(() -> {
				start.await();
				for (int i = 0; i < perThread; i++) {
					reports.count(i);
				}
				return null;
			}));
		}
		start.countDown();
		for (Future<?> future : futures) {
			future.get(60, TimeUnit.SECONDS);
		}
		callers.shutdown();
		await().untilAsserted(() -> assertThat(reports.counted()).isEqualTo(threads * perThread));
		await().untilAsserted(() -> assertThat(recorder().executionCounts()).containsEntry("task Reports.count",
				(long) threads * perThread));
		assertThat(context.getBean(MeterRegistry.class)
			.get(TaskRecord.EXECUTIONS)
			.tags("task", "Reports.count", "outcome", "SUCCESS")
			.counter()
			.count()).isEqualTo(threads * perThread);
	}

	private static TaskAllocationRecorder recorder() {
		return context.getBean(TaskAllocationRecorder.class);
	}

	static TaskAllocation awaitCount(String name, long atLeast) {
		return awaitCount(recorder(), name, atLeast);
	}

	static TaskAllocation awaitCount(TaskAllocationRecorder recorder, String name, long atLeast) {
		Map<String, TaskAllocation> found = new ConcurrentHashMap<>();
		await().untilAsserted(() -> {
			TaskAllocation task = recorder.tasks()
				.stream()
				.filter((candidate) -> candidate.name().equals(name))
				.findFirst()
				.orElseThrow(() -> new AssertionError("No task " + name + " in " + recorder.tasks()));
			assertThat(task.count()).isGreaterThanOrEqualTo(atLeast);
			found.put(name, task);
		});
		return found.get(name);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableAsync
	@EnableScheduling
	@Import({ Reports.class, Housekeeping.class, Offloader.class })
	static class TaskApplication {

		@Bean
		TenantDecorator tenantDecorator() {
			return new TenantDecorator();
		}

	}

	static final class Tenant {

		static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

		private Tenant() {
		}

	}

	/**
	 * An application decorator that propagates a thread-local, as MDC or security
	 * decorators do.
	 */
	static class TenantDecorator implements TaskDecorator {

		final AtomicInteger decorated = new AtomicInteger();

		@Override
		public Runnable decorate(Runnable runnable) {
			String tenant = Tenant.CURRENT.get();
			return () -> {
				this.decorated.incrementAndGet();
				Tenant.CURRENT.set(tenant);
				try {
					runnable.run();
				}
				finally {
					Tenant.CURRENT.remove();
				}
			};
		}

	}

	static class Reports {

		private final AtomicInteger counted = new AtomicInteger();

		@Async
		public void render(int bytes) {
			byte[] report = new byte[bytes];
			report[bytes / 2] = 1;
		}

		@Async
		public CompletableFuture<String> summarise(int id) {
			return CompletableFuture.completedFuture("summary " + id);
		}

		@Async
		public void explode() {
			throw new IllegalStateException("boom");
		}

		@Async
		public CompletableFuture<String> explodeLater() {
			throw new IllegalStateException("later");
		}

		@Async
		public CompletableFuture<String> failedFuture() {
			return CompletableFuture.failedFuture(new IllegalArgumentException("failed future"));
		}

		@Async
		public CompletableFuture<String> currentTenant() {
			return CompletableFuture.completedFuture(Tenant.CURRENT.get());
		}

		@Async
		public void count(int i) {
			this.counted.incrementAndGet();
		}

		public int counted() {
			return this.counted.get();
		}

	}

	static class Offloader {

		private final AtomicInteger invocations = new AtomicInteger();

		@Async
		@Scheduled(fixedDelayString = "${test.job.interval}")
		public void offload() {
			this.invocations.incrementAndGet();
		}

		public int invocations() {
			return this.invocations.get();
		}

	}

	static class Housekeeping {

		@Scheduled(fixedDelayString = "${test.job.interval}")
		void sweep() {
			byte[] scratch = new byte[64 * 1024];
			scratch[0] = 1;
		}

		@Scheduled(fixedDelayString = "${test.job.interval}")
		void flaky() {
			throw new IllegalStateException("flaky job");
		}

	}

}
