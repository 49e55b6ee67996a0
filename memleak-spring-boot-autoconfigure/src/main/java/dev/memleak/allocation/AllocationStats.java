package dev.memleak.allocation;

import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * Lock-free running totals of the allocation of one route or task: exact counts, and
 * bytes of the measured executions.
 *
 * @author memleak
 */
public final class AllocationStats {

	private final LongAdder count = new LongAdder();

	private final LongAdder measured = new LongAdder();

	private final LongAdder unmeasured = new LongAdder();

	private final LongAdder bytes = new LongAdder();

	private final LongAccumulator maxBytes = new LongAccumulator(Math::max, 0);

	private volatile UnmeasuredReason unmeasuredReason;

	/**
	 * Record an execution whose allocation was measured.
	 * @param allocatedBytes the bytes it allocated
	 */
	public void recordMeasured(long allocatedBytes) {
		this.count.increment();
		this.measured.increment();
		this.bytes.add(allocatedBytes);
		this.maxBytes.accumulate(allocatedBytes);
	}

	/**
	 * Record an execution that was not sampled: counted, not measured.
	 */
	public void recordNotSampled() {
		this.count.increment();
	}

	/**
	 * Record an execution that was sampled but could not be measured.
	 * @param reason why
	 */
	public void recordUnmeasured(UnmeasuredReason reason) {
		this.count.increment();
		this.unmeasured.increment();
		if (this.unmeasuredReason == null) {
			this.unmeasuredReason = reason;
		}
	}

	/**
	 * Return how many executions were counted.
	 * @return the exact count
	 */
	public long count() {
		return this.count.sum();
	}

	/**
	 * Return a consistent-enough copy of the totals (each field is read once; concurrent
	 * updates may land between reads).
	 * @return the summary
	 */
	public AllocationSummary summary() {
		long measuredCount = this.measured.sum();
		return new AllocationSummary(this.count.sum(), measuredCount, this.unmeasured.sum(), this.bytes.sum(),
				(measuredCount > 0) ? this.maxBytes.get() : 0, this.unmeasuredReason);
	}

}
