package dev.memleak.task;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

import dev.memleak.allocation.AllocatedBytesMeter;
import dev.memleak.allocation.AllocationStats;
import dev.memleak.allocation.AllocationSummary;
import dev.memleak.allocation.UnmeasuredReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Totals and meters of one task name: a counter of executions per outcome, built on the
 * first execution with that outcome, and one counter of allocated bytes, built once an
 * execution was measured, so that tasks on virtual threads do not export an always-empty
 * series. The mean per execution is the ratio of the two in the query (docs/metrics.md).
 *
 * @author memleak
 */
final class TaskRecord {

	static final String ALLOCATED = "memleak.task.allocated";

	static final String EXECUTIONS = "memleak.task.executions";

	private static final double NANOS_PER_MILLI = 1_000_000.0;

	private final String name;

	private final AllocationStats stats = new AllocationStats();

	private final LongAdder failures = new LongAdder();

	private final LongAdder totalNanos = new LongAdder();

	private final LongAccumulator maxNanos = new LongAccumulator(Math::max, 0);

	private final @Nullable MeterRegistry registry;

	private final @Nullable AllocatedBytesMeter allocated;

	private final AtomicReferenceArray<Counter> executions = new AtomicReferenceArray<>(TaskOutcome.values().length);

	TaskRecord(String name, @Nullable MeterRegistry registry) {
		this.name = name;
		this.registry = registry;
		this.allocated = (registry != null) ? new AllocatedBytesMeter(() -> registerAllocated(registry)) : null;
	}

	long count() {
		return this.stats.count();
	}

	void recordMeasured(long allocatedBytes, long nanos, boolean failed) {
		this.stats.recordMeasured(allocatedBytes);
		recordCommon(nanos, failed);
		if (this.allocated != null) {
			this.allocated.recordMeasured(allocatedBytes);
		}
	}

	void recordUnmeasured(UnmeasuredReason reason, long nanos, boolean failed) {
		this.stats.recordUnmeasured(reason);
		recordCommon(nanos, failed);
		if (this.allocated != null) {
			this.allocated.recordUnmeasured();
		}
	}

	TaskAllocation allocation() {
		AllocationSummary summary = this.stats.summary();
		boolean measured = summary.measuredCount() > 0;
		long count = summary.count();
		return new TaskAllocation(this.name, count, this.failures.sum(), summary.measuredCount(), summary.meanBytes(),
				measured ? summary.maxBytes() : null, summary.totalBytes(),
				(count > 0) ? this.totalNanos.sum() / NANOS_PER_MILLI / count : 0.0,
				this.maxNanos.get() / NANOS_PER_MILLI,
				(summary.unmeasuredReason() != null) ? summary.unmeasuredReason().description() : null);
	}

	private void recordCommon(long nanos, boolean failed) {
		if (failed) {
			this.failures.increment();
		}
		this.totalNanos.add(nanos);
		this.maxNanos.accumulate(nanos);
		MeterRegistry registry = this.registry;
		if (registry != null) {
			executions(outcome(failed), registry).increment();
		}
	}

	private static TaskOutcome outcome(boolean failed) {
		return failed ? TaskOutcome.FAILURE : TaskOutcome.SUCCESS;
	}

	private Counter registerAllocated(MeterRegistry registry) {
		return Counter.builder(ALLOCATED)
			.description("Bytes allocated by the executing thread while running the task "
					+ "(executions not measured are represented by the next measured one)")
			.baseUnit("bytes")
			.tag("task", this.name)
			.register(registry);
	}

	// Built on first use and cached; a race builds the same counter twice, and the
	// registry
	// returns the one already registered.
	private Counter executions(TaskOutcome outcome, MeterRegistry registry) {
		Counter counter = this.executions.get(outcome.ordinal());
		if (counter == null) {
			counter = Counter.builder(EXECUTIONS)
				.description("Executions of a background task")
				.tag("task", this.name)
				.tag("outcome", outcome.name())
				.register(registry);
			this.executions.set(outcome.ordinal(), counter);
		}
		return counter;
	}

}
