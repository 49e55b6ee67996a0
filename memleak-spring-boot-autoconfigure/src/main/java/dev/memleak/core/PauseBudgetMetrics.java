package dev.memleak.core;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Publishes the pause budget: {@code memleak.pause.budget} (the hourly limit),
 * {@code memleak.pause.spent} (time stopped in the last hour, per operation) and
 * {@code memleak.pause.refused} (operations refused). Six series.
 *
 * @author memleak
 */
public final class PauseBudgetMetrics implements MeterBinder {

	private final PauseBudget budget;

	/**
	 * Create the binder.
	 * @param budget the budget
	 */
	public PauseBudgetMetrics(PauseBudget budget) {
		this.budget = budget;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("memleak.pause.budget", this.budget, (budget) -> budget.perHour().toNanos() / 1e9)
			.description("Most time memleak may stop the application within an hour (memleak.pause-budget.per-hour)")
			.baseUnit("seconds")
			.strongReference(true)
			.register(registry);
		for (PauseOperation operation : PauseOperation.values()) {
			Gauge
				.builder("memleak.pause.spent", this.budget,
						(budget) -> budget.spentInLastHour(operation).toNanos() / 1e9)
				.description("Time memleak stopped the application within the last hour, per operation")
				.baseUnit("seconds")
				.tag("operation", operation.tagValue())
				.strongReference(true)
				.register(registry);
		}
		FunctionCounter.builder("memleak.pause.refused", this.budget, PauseBudget::refusedCount)
			.description(
					"Heap snapshots, leak-site emissions and heap dumps refused because the pause budget was spent")
			.register(registry);
	}

}
