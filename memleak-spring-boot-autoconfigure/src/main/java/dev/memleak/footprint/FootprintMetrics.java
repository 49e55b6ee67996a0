package dev.memleak.footprint;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

import dev.memleak.footprint.FootprintReport.CategoryReport;
import dev.memleak.heap.LeakStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

/**
 * Publishes what Micrometer lacks about memory outside the heap: the process's resident
 * memory, the container's usage, working set and limit, NMT's committed memory per
 * category and the untracked rest (NMT on only), the time until the container's limit,
 * and which category is suspected. 24 series at most; Boot's {@code jvm_*} meters are not
 * repeated.
 *
 * @author memleak
 */
public final class FootprintMetrics implements MeterBinder {

	/**
	 * NMT categories published on their own (tag value to NMT name); the others, the heap
	 * excepted, are summed as {@code rest}.
	 */
	static final Map<String, String> NATIVE_CATEGORIES = new LinkedHashMap<>();

	static {
		NATIVE_CATEGORIES.put("class", "Class");
		NATIVE_CATEGORIES.put("metaspace", "Metaspace");
		NATIVE_CATEGORIES.put("thread", "Thread");
		NATIVE_CATEGORIES.put("code", "Code");
		NATIVE_CATEGORIES.put("gc", "GC");
		NATIVE_CATEGORIES.put("compiler", "Compiler");
		NATIVE_CATEGORIES.put("internal", "Internal");
		NATIVE_CATEGORIES.put("other", "Other");
		NATIVE_CATEGORIES.put("symbol", "Symbol");
		NATIVE_CATEGORIES.put("arena_chunk", "Arena Chunk");
	}

	private final FootprintMonitor monitor;

	/**
	 * Create the binder.
	 * @param monitor the source of samples and verdicts
	 */
	public FootprintMetrics(FootprintMonitor monitor) {
		this.monitor = monitor;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		bytes(registry, "memleak.process.resident", "Resident memory of the process (VmRSS)",
				(s) -> (s.process() != null) ? s.process().residentBytes() : Double.NaN);
		bytes(registry, "memleak.container.usage", "Memory charged to the container's cgroup, page cache included",
				(s) -> (s.container() != null) ? s.container().usageBytes() : Double.NaN);
		bytes(registry, "memleak.container.working.set",
				"Container usage less inactive page cache: what the OOM killer weighs against the limit",
				(s) -> (s.container() != null) ? s.container().workingSetBytes() : Double.NaN);
		bytes(registry, "memleak.container.limit", "The container's memory limit; NaN without one",
				(s) -> (s.container() != null && s.container().limitBytes() != null) ? s.container().limitBytes()
						: Double.NaN);
		if (this.monitor.isNativeMemoryTracked()) {
			for (Map.Entry<String, String> category : NATIVE_CATEGORIES.entrySet()) {
				nativeCommitted(registry, category.getKey(), (s) -> (s.nativeMemory() != null)
						? s.nativeMemory().committed(category.getValue()) : Double.NaN);
			}
			nativeCommitted(registry, "rest", FootprintMetrics::rest);
			// From the latest sample that read NMT (every Nth when NMT is slow).
			bytes(registry, "memleak.native.untracked",
					"Resident memory less Native Memory Tracking's committed total: native libraries and the C "
							+ "allocator; its trend counts, not its level",
					FootprintMonitor::latestNative,
					(s) -> (s.untrackedBytes() != null) ? s.untrackedBytes() : Double.NaN);
		}
		Gauge.builder("memleak.container.exhaustion", this.monitor, FootprintMetrics::secondsToLimit)
			.description("Seconds until the container's working set reaches its limit at the current growth outside "
					+ "the heap; NaN if it does not grow or there is no limit")
			.baseUnit("seconds")
			.strongReference(true)
			.register(registry);
		for (FootprintCategory category : FootprintCategory.values()) {
			Gauge.builder("memleak.footprint.suspected", this.monitor, (m) -> isSuspected(m, category) ? 1 : 0)
				.description("1 while this category of memory outside the heap is judged leaking, else 0")
				.tag("category", category.tag())
				.strongReference(true)
				.register(registry);
		}
	}

	private void bytes(MeterRegistry registry, String name, String description,
			ToDoubleFunction<FootprintSample> value) {
		bytes(registry, name, description, FootprintMonitor::latest, value);
	}

	private void bytes(MeterRegistry registry, String name, String description,
			Function<FootprintMonitor, @Nullable FootprintSample> sample, ToDoubleFunction<FootprintSample> value) {
		Gauge
			.builder(name, this.monitor,
					(m) -> (sample.apply(m) != null) ? value.applyAsDouble(sample.apply(m)) : Double.NaN)
			.description(description)
			.baseUnit("bytes")
			.strongReference(true)
			.register(registry);
	}

	private void nativeCommitted(MeterRegistry registry, String category, ToDoubleFunction<FootprintSample> value) {
		Gauge
			.builder("memleak.native.committed", this.monitor,
					(m) -> (m.latestNative() != null) ? value.applyAsDouble(m.latestNative()) : Double.NaN)
			.description("Memory the JVM has committed per Native Memory Tracking category")
			.tag("category", category)
			.baseUnit("bytes")
			.strongReference(true)
			.register(registry);
	}

	private static double rest(FootprintSample sample) {
		NativeMemory nmt = sample.nativeMemory();
		if (nmt == null) {
			return Double.NaN;
		}
		long named = nmt.committed("Java Heap");
		for (String category : NATIVE_CATEGORIES.values()) {
			named += nmt.committed(category);
		}
		return nmt.committedBytes() - named;
	}

	private static double secondsToLimit(FootprintMonitor monitor) {
		FootprintReport report = monitor.current();
		if (report.container() == null || report.container().projectedLimitReached() == null) {
			return Double.NaN;
		}
		return Math.max(0,
				Duration.between(report.sampledAt(), report.container().projectedLimitReached()).toSeconds());
	}

	private static boolean isSuspected(FootprintMonitor monitor, FootprintCategory category) {
		for (CategoryReport report : monitor.current().categories()) {
			if (report.category().equals(category.tag())) {
				return report.status() == LeakStatus.SUSPECTED;
			}
		}
		return false;
	}

}
