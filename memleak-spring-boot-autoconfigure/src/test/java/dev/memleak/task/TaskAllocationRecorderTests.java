package dev.memleak.task;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.memleak.allocation.UnmeasuredReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TaskAllocationRecorderTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	@Test
	void namesPastTheLimitShareTheOverflowBucket() {
		TaskAllocationRecorder recorder = new TaskAllocationRecorder(3, this.registry);
		for (int i = 0; i < 10; i++) {
			recorder.task("Job" + i + ".run").recordMeasured(100, 1_000, false);
		}
		recorder.task(TaskAllocationRecorder.UNNAMED).recordMeasured(100, 1_000, false);
		assertThat(recorder.tasks()).extracting(TaskAllocation::name)
			.containsExactlyInAnyOrder("Job0.run", "Job1.run", "Job2.run", TaskAllocationRecorder.OTHER,
					TaskAllocationRecorder.UNNAMED);
		assertThat(recorder.executionCounts()).containsEntry("task OTHER", 7L)
			.containsEntry("task Job0.run", 1L)
			.containsEntry("task UNNAMED", 1L)
			.hasSize(5);
		assertThat(this.registry.find(TaskRecord.ALLOCATED).counters()).hasSize(5);
	}

	@Test
	void aRecorderBuiltByHandChecksItsBoundAsPropertiesDo() {
		assertThatIllegalArgumentException().isThrownBy(() -> new TaskAllocationRecorder(0, null))
			.withMessage("memleak.task.max-task-tags must be at least 1, but was 0");
		assertThat(new TaskAllocationRecorder(new TaskSettings(7), null).maxWorkloads()).isEqualTo(9);
	}

	@Test
	void tasksAreSortedByAllocatedBytes() {
		TaskAllocationRecorder recorder = new TaskAllocationRecorder(10, null);
		recorder.task("Small.run").recordMeasured(10, 1, false);
		recorder.task("Large.run").recordMeasured(10_000, 1, false);
		recorder.task("Medium.run").recordMeasured(1_000, 1, false);
		assertThat(recorder.tasks()).extracting(TaskAllocation::name)
			.containsExactly("Large.run", "Medium.run", "Small.run");
	}

	@Test
	void reportsCountsMeanMaxDurationAndFailures() {
		TaskAllocationRecorder recorder = new TaskAllocationRecorder(10, this.registry);
		TaskRecord task = recorder.task("Report.build");
		task.recordMeasured(1_000, 2_000_000, false);
		task.recordMeasured(3_000, 4_000_000, true);
		task.recordUnmeasured(UnmeasuredReason.VIRTUAL_THREAD, 6_000_000, false);
		assertThat(recorder.tasks()).singleElement().satisfies((allocation) -> {
			assertThat(allocation.count()).isEqualTo(3);
			assertThat(allocation.measuredCount()).isEqualTo(2);
			assertThat(allocation.failureCount()).isOne();
			assertThat(allocation.allocatedBytesMean()).isEqualTo(2_000);
			assertThat(allocation.allocatedBytesMax()).isEqualTo(3_000);
			assertThat(allocation.allocatedBytesTotal()).isEqualTo(4_000);
			assertThat(allocation.durationMillisMean()).isEqualTo(4.0);
			assertThat(allocation.durationMillisMax()).isEqualTo(6.0);
			assertThat(allocation.allocationUnavailable()).contains("virtual threads");
		});
		// One allocation counter per task, whatever the outcome; the unmeasured execution
		// came last, so no measurement stands for it yet.
		assertThat(this.registry.get(TaskRecord.ALLOCATED).tags("task", "Report.build").counter().count())
			.isEqualTo(4_000);
		assertThat(this.registry.get(TaskRecord.EXECUTIONS)
			.tags("task", "Report.build", "outcome", "SUCCESS")
			.counter()
			.count()).isEqualTo(2);
		assertThat(this.registry.get(TaskRecord.EXECUTIONS)
			.tags("task", "Report.build", "outcome", "FAILURE")
			.counter()
			.count()).isEqualTo(1);
		assertThat(this.registry.get(TaskRecord.ALLOCATED).counter().getId().getBaseUnit()).isEqualTo("bytes");
	}

	@Test
	void countsAddUpExactlyUnderConcurrency() throws Exception {
		TaskAllocationRecorder recorder = new TaskAllocationRecorder(5, this.registry);
		int threads = 8;
		int perThread = 5_000;
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<?>> futures = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			futures.add(executor.submit(() -> {
				start.await();
				for (int i = 0; i < perThread; i++) {
					recorder.task("Job" + (i % 8) + ".run").recordMeasured(8, 1, i % 10 == 0);
				}
				return null;
			}));
		}
		start.countDown();
		for (Future<?> future : futures) {
			future.get(60, TimeUnit.SECONDS);
		}
		executor.shutdown();
		assertThat(recorder.tasks().stream().mapToLong(TaskAllocation::count).sum())
			.isEqualTo((long) threads * perThread);
		assertThat(recorder.tasks().stream().mapToLong(TaskAllocation::failureCount).sum())
			.isEqualTo((long) threads * perThread / 10);
		assertThat(recorder.executionCounts()).containsEntry("task Job0.run", (long) threads * perThread / 8)
			.containsEntry("task OTHER", 3L * threads * perThread / 8);
		assertThat(this.registry.find(TaskRecord.EXECUTIONS).counters().stream().mapToDouble(Counter::count).sum())
			.isEqualTo((double) threads * perThread);
		assertThat(this.registry.find(TaskRecord.ALLOCATED).counters().stream().mapToDouble(Counter::count).sum())
			.isEqualTo(8.0 * threads * perThread);
	}

}
