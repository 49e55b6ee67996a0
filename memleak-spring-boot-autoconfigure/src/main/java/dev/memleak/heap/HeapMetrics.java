package dev.memleak.heap;

import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Publishes the detector's latest result: {@code memleak.heap.live},
 * {@code memleak.heap.growth}, {@code memleak.heap.growth.confidence},
 * {@code memleak.heap.exhaustion}, {@code memleak.leak.suspected} and
 * {@code memleak.leak.status}. Heap usage, pools and GC overhead are Spring Boot's JVM
 * metrics and are not repeated.
 *
 * @author memleak
 */
public final class HeapMetrics implements MeterBinder {

	private final LeakMonitor monitor;

	/**
	 * Create the binder.
	 * @param monitor the source of results
	 */
	public HeapMetrics(LeakMonitor monitor) {
		this.monitor = monitor;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("memleak.heap.live", this.monitor, (m) -> orNaN(heap(m).liveBytes()))
			.description("Live set: the long-lived pool after the latest collection that reclaimed it")
			.baseUnit("bytes")
			.strongReference(true)
			.register(registry);
		Gauge.builder("memleak.heap.growth", this.monitor, (m) -> orNaN(heap(m).growthBytesPerSecond()))
			.description("Robust (Theil-Sen) growth rate of the live set over the detection window")
			.baseUnit("bytes.per.second")
			.strongReference(true)
			.register(registry);
		Gauge.builder("memleak.heap.growth.confidence", this.monitor, (m) -> orNaN(heap(m).confidence()))
			.description("Confidence (0 to 1, Mann-Kendall) that the live set grows")
			.strongReference(true)
			.register(registry);
		Gauge.builder("memleak.heap.exhaustion", this.monitor, HeapMetrics::secondsToExhaustion)
			.description(
					"Seconds until the live set reaches its maximum at the current growth; NaN if it does not grow")
			.baseUnit("seconds")
			.strongReference(true)
			.register(registry);
		Gauge.builder("memleak.leak.suspected", this.monitor, (m) -> (status(m) == LeakStatus.SUSPECTED) ? 1 : 0)
			.description("1 while a leak is suspected, else 0")
			.strongReference(true)
			.register(registry);
		for (LeakStatus status : LeakStatus.values()) {
			Gauge.builder("memleak.leak.status", this.monitor, (m) -> (status(m) == status) ? 1 : 0)
				.description("1 for the current leak verdict, 0 for the others")
				.tag("status", status.name())
				.strongReference(true)
				.register(registry);
		}
	}

	private static HeapSummary heap(LeakMonitor monitor) {
		return monitor.current().verdict().heap();
	}

	private static LeakStatus status(LeakMonitor monitor) {
		return monitor.current().verdict().status();
	}

	private static double secondsToExhaustion(LeakMonitor monitor) {
		DetectionResult result = monitor.current();
		Instant exhaustion = result.verdict().heap().projectedExhaustion();
		return (exhaustion != null) ? Math.max(0, Duration.between(result.evaluatedAt(), exhaustion).toSeconds())
				: Double.NaN;
	}

	private static double orNaN(Number value) {
		return (value != null) ? value.doubleValue() : Double.NaN;
	}

}
