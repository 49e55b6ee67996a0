package dev.memleak.task;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAccumulator;
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
 * first execution with that outcome.
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

	private volatile @Nullable Meters success;

	private volatile @Nullable Meters failure;

	TaskRecord(String name, @Nullable MeterRegistry registry) {
		this.name = name;
		this.registry = registry;
	}

	long count() {
		return this.stats.count();
	}

	void recordMeasured(long allocatedBytes, long nanos, boolean failed) {
		this.stats.recordMeasured(allocatedBytes);
		Meters meters = recordCommon(nanos, failed);
		if (meters != null) {
			meters.allocated.record(allocatedBytes);
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

	private @Nullable Meters recordCommon(long nanos, boolean failed) {
		if (failed) {
			this.failures.increment();
		}
		this.totalNanos.add(nanos);
		this.maxNanos.accumulate(nanos);
		MeterRegistry registry = this.registry;
		if (registry == null) {
			return null;
		}
		Meters meters = metersFor(failed ? TaskOutcome.FAILURE : TaskOutcome.SUCCESS, registry);
		meters.duration.record(nanos, TimeUnit.NANOSECONDS);
		return meters;
	}

	private Meters metersFor(TaskOutcome outcome, MeterRegistry registry) {
		Meters meters = (outcome == TaskOutcome.SUCCESS) ? this.success : this.failure;
		return (meters != null) ? meters : addMeters(outcome, registry);
	}

	private synchronized Meters addMeters(TaskOutcome outcome, MeterRegistry registry) {
		Meters meters = (outcome == TaskOutcome.SUCCESS) ? this.success : this.failure;
		if (meters == null) {
			meters = new Meters(this.name, outcome, registry);
			if (outcome == TaskOutcome.SUCCESS) {
				this.success = meters;
			}
			else {
				this.failure = meters;
			}
		}
		return meters;
	}

	/**
	 * The two meters of one task and outcome.
	 */
	private static final class Meters {

		private final DistributionSummary allocated;

		private final Timer duration;

		Meters(String task, TaskOutcome outcome, MeterRegistry registry) {
			this.allocated = DistributionSummary.builder(ALLOCATED)
				.description("Bytes allocated by the executing thread while running a background task")
				.baseUnit("bytes")
				.tag("task", task)
				.tag("outcome", outcome.name())
				.register(registry);
			this.duration = Timer.builder(DURATION)
				.description("Wall-clock duration of a background task")
				.tag("task", task)
				.tag("outcome", outcome.name())
				.register(registry);
		}

	}

}
