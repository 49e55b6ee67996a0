package dev.memleak.task;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

import dev.memleak.allocation.AllocationStats;
import dev.memleak.allocation.AllocationSummary;
import dev.memleak.allocation.UnmeasuredReason;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

/**
 * Totals and meters of one task name. The meters of each outcome are built once, on the
 * first execution with that outcome; the allocation summary only once an execution was
 * measured, so that tasks on virtual threads do not export an always-empty summary.
 *
 * @author memleak
 */
final class TaskRecord {

	static final String ALLOCATED = "memleak.task.allocated";

	static final String DURATION = "memleak.task.duration";

	private static final double NANOS_PER_MILLI = 1_000_000.0;

	private final String name;

	private final AllocationStats stats = new AllocationStats();

	private final LongAdder failures = new LongAdder();

	private final LongAdder totalNanos = new LongAdder();

	private final LongAccumulator maxNanos = new LongAccumulator(Math::max, 0);

	private final @Nullable MeterRegistry registry;

	private final AtomicReferenceArray<DistributionSummary> summaries = new AtomicReferenceArray<>(
			TaskOutcome.values().length);

	private final AtomicReferenceArray<Timer> timers = new AtomicReferenceArray<>(TaskOutcome.values().length);

	TaskRecord(String name, @Nullable MeterRegistry registry) {
		this.name = name;
		this.registry = registry;
	}

	long count() {
		return this.stats.count();
	}

	void recordMeasured(long allocatedBytes, long nanos, boolean failed) {
		this.stats.recordMeasured(allocatedBytes);
		recordCommon(nanos, failed);
		MeterRegistry registry = this.registry;
		if (registry != null) {
			summary(outcome(failed), registry).record(allocatedBytes);
		}
	}

	void recordUnmeasured(UnmeasuredReason reason, long nanos, boolean failed) {
		this.stats.recordUnmeasured(reason);
		recordCommon(nanos, failed);
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
			timer(outcome(failed), registry).record(nanos, TimeUnit.NANOSECONDS);
		}
	}

	private static TaskOutcome outcome(boolean failed) {
		return failed ? TaskOutcome.FAILURE : TaskOutcome.SUCCESS;
	}

	// Meters are built on first use and cached; a race builds the same meter twice, and
	// the registry returns the one already registered.
	private DistributionSummary summary(TaskOutcome outcome, MeterRegistry registry) {
		DistributionSummary summary = this.summaries.get(outcome.ordinal());
		if (summary == null) {
			summary = DistributionSummary.builder(ALLOCATED)
				.description("Bytes allocated by the executing thread while running a background task")
				.baseUnit("bytes")
				.tag("task", this.name)
				.tag("outcome", outcome.name())
				.register(registry);
			this.summaries.set(outcome.ordinal(), summary);
		}
		return summary;
	}

	private Timer timer(TaskOutcome outcome, MeterRegistry registry) {
		Timer timer = this.timers.get(outcome.ordinal());
		if (timer == null) {
			timer = Timer.builder(DURATION)
				.description("Wall-clock duration of a background task")
				.tag("task", this.name)
				.tag("outcome", outcome.name())
				.register(registry);
			this.timers.set(outcome.ordinal(), timer);
		}
		return timer;
	}

}
