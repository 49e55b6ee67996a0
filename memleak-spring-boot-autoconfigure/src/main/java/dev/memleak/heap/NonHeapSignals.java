package dev.memleak.heap;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Secondary signals sampled at every evaluation: metaspace and loaded classes
 * (class-loader leaks) and direct buffer memory (off-heap leaks), each with a robust
 * trend.
 *
 * @author memleak
 */
public final class NonHeapSignals {

	private final MemoryPoolMXBean metaspace;

	private final ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();

	private final BufferPoolMXBean direct;

	private final Series metaspaceSeries;

	private final Series classSeries;

	private final Series directSeries;

	/**
	 * Create the signals.
	 * @param capacity samples kept per signal
	 */
	public NonHeapSignals(int capacity) {
		this.metaspace = ManagementFactory.getMemoryPoolMXBeans()
			.stream()
			.filter((pool) -> pool.getName().equals("Metaspace"))
			.findFirst()
			.orElse(null);
		this.direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)
			.stream()
			.filter((pool) -> pool.getName().equals("direct"))
			.findFirst()
			.orElse(null);
		this.metaspaceSeries = new Series(capacity);
		this.classSeries = new Series(capacity);
		this.directSeries = new Series(capacity);
	}

	/**
	 * Sample every signal now.
	 * @param now the time of the sample
	 */
	public void sample(Instant now) {
		long millis = now.toEpochMilli();
		if (this.metaspace != null) {
			this.metaspaceSeries.add(millis, this.metaspace.getUsage().getUsed());
		}
		this.classSeries.add(millis, this.classes.getLoadedClassCount());
		if (this.direct != null) {
			this.directSeries.add(millis, this.direct.getMemoryUsed());
		}
	}

	/**
	 * Summarise the signals since a moment.
	 * @param from the start of the window
	 * @return the summary
	 */
	public NonHeapSummary summary(Instant from) {
		Trend metaspaceTrend = this.metaspaceSeries.trend(from.toEpochMilli());
		Trend classTrend = this.classSeries.trend(from.toEpochMilli());
		Trend directTrend = this.directSeries.trend(from.toEpochMilli());
		List<String> notes = new ArrayList<>();
		if (isGrowing(classTrend, 50) && isGrowing(metaspaceTrend, 2_000_000)) {
			notes.add(String.format(Locale.ROOT,
					"Loaded classes grow steadily (%+.0f classes/h, metaspace %+.1f MB/h): a class-loader leak "
							+ "(redeployments, generated proxies, scripts) is possible.",
					perHour(classTrend), perHour(metaspaceTrend) / 1_000_000));
		}
		if (isGrowing(directTrend, 8_000_000)) {
			notes.add(String.format(Locale.ROOT,
					"Direct buffer memory grows steadily (%+.1f MB/h): an off-heap leak the live set does not show.",
					perHour(directTrend) / 1_000_000));
		}
		return new NonHeapSummary(this.metaspaceSeries.last(), rate(metaspaceTrend), this.classSeries.last(),
				rate(classTrend), this.directSeries.last(), rate(directTrend), notes);
	}

	private static boolean isGrowing(Trend trend, double minPerHour) {
		return trend != null && trend.n() >= 8 && trend.pIncreasing() < 0.01 && perHour(trend) >= minPerHour;
	}

	private static double perHour(Trend trend) {
		return trend.slope() * 3600;
	}

	private static Double rate(Trend trend) {
		return (trend != null && trend.n() >= 2) ? perHour(trend) : null;
	}

	/**
	 * Bounded ring of one signal's samples.
	 */
	private static final class Series {

		private final long[] times;

		private final long[] values;

		private int start;

		private int size;

		Series(int capacity) {
			this.times = new long[capacity];
			this.values = new long[capacity];
		}

		synchronized void add(long time, long value) {
			int slot = (this.start + this.size) % this.times.length;
			if (this.size < this.times.length) {
				this.size++;
			}
			else {
				this.start = (this.start + 1) % this.times.length;
			}
			this.times[slot] = time;
			this.values[slot] = value;
		}

		synchronized Long last() {
			return (this.size > 0) ? this.values[(this.start + this.size - 1) % this.times.length] : null;
		}

		synchronized Trend trend(long from) {
			List<long[]> points = new ArrayList<>();
			for (int i = 0; i < this.size; i++) {
				int slot = (this.start + i) % this.times.length;
				if (this.times[slot] >= from) {
					points.add(new long[] { this.times[slot], this.values[slot] });
				}
			}
			if (points.isEmpty()) {
				return null;
			}
			double[] x = new double[points.size()];
			double[] y = new double[points.size()];
			for (int i = 0; i < x.length; i++) {
				x[i] = (points.get(i)[0] - points.get(0)[0]) / 1000.0;
				y[i] = points.get(i)[1];
			}
			return Trend.fit(x, y);
		}

	}

}
