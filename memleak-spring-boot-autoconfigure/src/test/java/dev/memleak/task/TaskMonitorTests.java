package dev.memleak.task;

import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;

import dev.memleak.allocation.AllocationCounter;
import dev.memleak.allocation.ThreadAllocationCounter;
import dev.memleak.core.FailureRecorder;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TaskMonitorTests {

	private static final long MIB = 1024 * 1024;

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final TaskAllocationRecorder recorder = new TaskAllocationRecorder(10, this.registry);

	private final FailureRecorder failures = new FailureRecorder(null);

	private final MeasuringTaskDecorator decorator = new MeasuringTaskDecorator(
			new TaskMonitor(this.recorder, ThreadAllocationCounter.forThisJvm(), this.failures));

	@Test
	void measuresTheBytesATaskAllocates() {
		Runnable task = new AllocatingTask((int) MIB);
		for (int i = 0; i < 20; i++) {
			this.decorator.decorate(task).run();
		}
		TaskAllocation allocation = only("AllocatingTask");
		assertThat(allocation.count()).isEqualTo(20);
		assertThat(allocation.measuredCount()).isEqualTo(20);
		assertThat(allocation.allocatedBytesMax()).isBetween(MIB, MIB + MIB / 2);
		assertThat(allocation.allocatedBytesMean()).isBetween(MIB, MIB + MIB / 2);
		assertThat(allocation.allocationUnavailable()).isNull();
		assertThat(this.registry.get(TaskRecord.EXECUTIONS).tag("task", "AllocatingTask").counter().count())
			.isEqualTo(20);
		assertThat(this.registry.get(TaskRecord.ALLOCATED).tag("task", "AllocatingTask").counter().count())
			.isEqualTo(allocation.allocatedBytesTotal());
	}

	@Test
	void aFailingTaskThrowsItsOwnExceptionAndIsRecordedAsFailure() {
		IllegalStateException failure = new IllegalStateException("boom");
		Runnable task = this.decorator.decorate(new FailingTask(failure));
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(task::run).isSameAs(failure);
		TaskAllocation allocation = only("FailingTask");
		assertThat(allocation.count()).isOne();
		assertThat(allocation.failureCount()).isOne();
		assertThat(this.registry.get(TaskRecord.EXECUTIONS)
			.tags("task", "FailingTask", "outcome", "FAILURE")
			.counter()
			.count()).isOne();
		assertThat(
				this.registry.find(TaskRecord.EXECUTIONS).tags("task", "FailingTask", "outcome", "SUCCESS").counter())
			.isNull();
		assertThat(this.registry.find(TaskRecord.ALLOCATED).tags("task", "FailingTask").counter()).isNotNull();
	}

	@Test
	void aCallableKeepsItsResultAndCheckedException() throws Exception {
		Callable<String> ok = this.decorator.decorate(() -> "done");
		assertThat(ok.call()).isEqualTo("done");
		Exception checked = new Exception("checked");
		Callable<String> failing = this.decorator.decorate(() -> {
			throw checked;
		});
		assertThatExceptionOfType(Exception.class).isThrownBy(failing::call).isSameAs(checked);
		TaskAllocation lambda = only("TaskMonitorTests.lambda");
		assertThat(lambda.count()).isEqualTo(2);
		assertThat(lambda.failureCount()).isOne();
	}

	@Test
	void aMethodRunInsideAnOpaqueTaskNamesIt() throws Exception {
		TaskMonitor monitor = new TaskMonitor(this.recorder, ThreadAllocationCounter.forThisJvm(), this.failures);
		FutureTask<Object> future = new FutureTask<>(() -> {
			TaskMonitor.Execution method = monitor.beginMethod(OrderJob.class, OrderJob.class.getMethod("rollup"));
			method.markFailed();
			monitor.end(method);
			return null;
		});
		new MeasuringTaskDecorator(monitor).decorate(future).run();
		assertThat(this.recorder.tasks()).singleElement().satisfies((task) -> {
			assertThat(task.name()).isEqualTo("OrderJob.rollup");
			assertThat(task.count()).isOne();
			assertThat(task.failureCount()).isOne();
		});
	}

	@Test
	void aMethodRunInsideANamedTaskIsRecordedSeparately() {
		TaskMonitor monitor = new TaskMonitor(this.recorder, ThreadAllocationCounter.forThisJvm(), this.failures);
		Runnable outer = new MeasuringTaskDecorator(monitor).decorate(new NamedTask(() -> {
			TaskMonitor.Execution method = beginRollup(monitor);
			monitor.end(method);
		}));
		outer.run();
		assertThat(this.recorder.tasks()).extracting(TaskAllocation::name, TaskAllocation::count)
			.containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("NamedTask", 1L),
					org.assertj.core.groups.Tuple.tuple("OrderJob.rollup", 1L));
	}

	@Test
	void anOpaqueTaskNoMethodClaimsIsUnnamed() {
		this.decorator.decorate(new FutureTask<>(() -> null)).run();
		assertThat(only(TaskAllocationRecorder.UNNAMED).count()).isOne();
	}

	@Test
	void aPeriodicTaskIsMeasuredOnEveryRun() {
		Runnable periodic = this.decorator.decorate(new AllocatingTask(1024));
		for (int i = 0; i < 5; i++) {
			periodic.run();
		}
		assertThat(only("AllocatingTask").count()).isEqualTo(5);
	}

	@Test
	void decoratingTwiceMeasuresOnce() {
		Runnable task = new AllocatingTask(16);
		Runnable once = this.decorator.decorate(task);
		assertThat(this.decorator.decorate(once)).isSameAs(once);
		once.run();
		assertThat(only("AllocatingTask").count()).isOne();
	}

	@Test
	void unavailableAllocationIsCountedWithTheReason() {
		MeasuringTaskDecorator unavailable = new MeasuringTaskDecorator(
				new TaskMonitor(this.recorder, () -> AllocationCounter.UNAVAILABLE, this.failures));
		unavailable.decorate(new AllocatingTask(16)).run();
		TaskAllocation allocation = only("AllocatingTask");
		assertThat(allocation.count()).isOne();
		assertThat(allocation.measuredCount()).isZero();
		assertThat(allocation.allocatedBytesMean()).isNull();
		assertThat(allocation.allocationUnavailable()).contains("does not measure per-thread allocation");
		assertThat(this.registry.find(TaskRecord.ALLOCATED).counters()).isEmpty();
		assertThat(this.registry.get(TaskRecord.EXECUTIONS).counter().count()).isOne();
	}

	@Test
	void aBrokenCounterIsCountedAndTheTaskStillRuns() {
		MeasuringTaskDecorator broken = new MeasuringTaskDecorator(new TaskMonitor(this.recorder, () -> {
			throw new UnsupportedOperationException("no counter");
		}, this.failures));
		AtomicInteger runs = new AtomicInteger();
		broken.decorate(new NamedTask(runs::incrementAndGet)).run();
		assertThat(runs).hasValue(1);
		assertThat(this.failures.counts()).containsEntry(TaskMonitor.COMPONENT, 1L);
		assertThat(only("NamedTask").allocationUnavailable()).contains("failed");
	}

	@Test
	void aFailureWhileRecordingIsCountedAndTheTaskIsUnaffected() {
		SimpleMeterRegistry broken = new SimpleMeterRegistry();
		broken.config().meterFilter(new MeterFilter() {

			@Override
			public Meter.Id map(Meter.Id id) {
				throw new IllegalStateException("registry broken");
			}

		});
		MeasuringTaskDecorator decorator = new MeasuringTaskDecorator(new TaskMonitor(
				new TaskAllocationRecorder(10, broken), ThreadAllocationCounter.forThisJvm(), this.failures));
		AtomicInteger runs = new AtomicInteger();
		Runnable task = decorator.decorate(new NamedTask(runs::incrementAndGet));
		task.run();
		task.run();
		assertThat(runs).hasValue(2);
		assertThat(this.failures.counts()).containsEntry(TaskMonitor.COMPONENT, 2L);
	}

	private static TaskMonitor.Execution beginRollup(TaskMonitor monitor) {
		try {
			return monitor.beginMethod(OrderJob.class, OrderJob.class.getMethod("rollup"));
		}
		catch (NoSuchMethodException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private TaskAllocation only(String name) {
		return this.recorder.tasks()
			.stream()
			.filter((task) -> task.name().equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No task " + name + " in " + this.recorder.tasks()));
	}

	static class OrderJob {

		public void rollup() {
		}

	}

	static class AllocatingTask implements Runnable {

		private final int bytes;

		volatile byte[] last;

		AllocatingTask(int bytes) {
			this.bytes = bytes;
		}

		@Override
		public void run() {
			this.last = new byte[this.bytes];
		}

	}

	static class FailingTask implements Runnable {

		private final RuntimeException failure;

		FailingTask(RuntimeException failure) {
			this.failure = failure;
		}

		@Override
		public void run() {
			throw this.failure;
		}

	}

	static class NamedTask implements Runnable {

		private final Runnable body;

		NamedTask(Runnable body) {
			this.body = body;
		}

		@Override
		public void run() {
			this.body.run();
		}

	}

}
