package dev.memleak.allocation;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;

/**
 * One counter of the bytes allocated by all executions of a route or task, so that the
 * mean per execution is this counter's rate divided by a rate of executions. Executions
 * that were not measured (not sampled, on a virtual thread, a failed reading) are
 * represented by the next measured one: it counts once for itself and once for each of
 * them. With random sampling that is an unbiased estimate of the total; with every
 * execution measured (the default) it is exact. The counter is registered on the first
 * measurement, so a route or task that is never measured exports no series.
 *
 * @author memleak
 */
public final class AllocatedBytesMeter {

	private final Supplier<Counter> registration;

	// Executions since the previous measured one that no measurement stood for yet.
	private final LongAdder unrepresented = new LongAdder();

	private volatile Counter counter;

	/**
	 * Create an instance.
	 * @param registration registers the counter (called once, on the first measurement; a
	 * race may call it twice, and the registry returns the same counter)
	 */
	public AllocatedBytesMeter(Supplier<Counter> registration) {
		this.registration = registration;
	}

	/**
	 * Add a measured execution, which also stands for the unmeasured executions since the
	 * previous measured one.
	 * @param allocatedBytes the bytes it allocated
	 */
	public void recordMeasured(long allocatedBytes) {
		// sum() only reads; the reset writes only when something was unmeasured, so that
		// at a sample rate of 1 measured executions share no written cache line.
		long represented = 1 + ((this.unrepresented.sum() != 0) ? this.unrepresented.sumThenReset() : 0);
		counter().increment((double) allocatedBytes * represented);
	}

	/**
	 * Add an execution that was counted but not measured.
	 */
	public void recordUnmeasured() {
		this.unrepresented.increment();
	}

	private Counter counter() {
		Counter counter = this.counter;
		if (counter == null) {
			counter = this.registration.get();
			this.counter = counter;
		}
		return counter;
	}

}
