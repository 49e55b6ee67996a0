package dev.memleak.footprint;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of the memory outside the heap: container, process, Native Memory
 * Tracking, threads, metaspace, code cache and buffers.
 *
 * @author memleak
 */
@ConfigurationProperties("memleak.footprint")
public class FootprintProperties implements InitializingBean {

	/**
	 * Whether to sample the memory outside the heap, judge each category and project the
	 * time until the container's limit. One sample costs well under a millisecond on
	 * memleak's own thread.
	 */
	private boolean enabled = true;

	/**
	 * Time between two samples. Shorter detects sooner; each sample costs about 0.2 ms
	 * (docs/performance.md).
	 */
	private Duration sampleInterval = Duration.ofSeconds(15);

	/**
	 * How far back samples are judged. Longer windows tell slow leaks from pools that
	 * fill up better but react later.
	 */
	private Duration window = Duration.ofMinutes(30);

	/**
	 * How long a category must have grown before a leak is suspected. Defaults to 5
	 * minutes, or the whole window when the window is shorter.
	 */
	private @Nullable Duration minDuration;

	/**
	 * Samples needed in the window before any verdict, at least 4. Defaults to 12, or
	 * what the window holds at the sample interval when that is fewer.
	 */
	private @Nullable Integer minSamples;

	/**
	 * Time after startup whose samples are not judged: class loading, compilation and
	 * pools grow fast while an application warms up.
	 */
	private Duration warmUp = Duration.ofMinutes(2);

	/**
	 * Mann-Kendall p-value below which growth is significant, above 0 and at most 0.5.
	 * Smaller means fewer false alarms and later detection.
	 */
	private double significance = 0.01;

	/**
	 * Growth per hour below which a memory category (buffers, metaspace, code cache, an
	 * NMT category, untracked native memory) counts as flat, however significant.
	 */
	private DataSize minGrowthPerHour = DataSize.ofMegabytes(32);

	/**
	 * Growth per hour below which the code cache counts as flat. Higher than for the
	 * other categories: compilation fills the code cache slowly for a long time after
	 * startup (about 40 MB/h and falling, ten minutes into the sample application's
	 * steady load), and ReservedCodeCacheSize bounds it anyway.
	 */
	private DataSize minCodeCacheGrowthPerHour = DataSize.ofMegabytes(128);

	/**
	 * Growth of the thread count (in total or of one name pattern) per hour below which
	 * it counts as flat.
	 */
	private int minThreadGrowthPerHour = 60;

	/**
	 * Thread-name patterns tracked and reported, from 1 to 200; smaller groups share one.
	 */
	private int maxThreadGroups = 20;

	/**
	 * Most samples kept per series (16 bytes each); the window's samples are kept when
	 * they fit.
	 */
	private int maxSamples = 1024;

	/**
	 * Whether to read Native Memory Tracking (through the DiagnosticCommand MBean, about
	 * 0.1 ms, no safepoint) when the JVM runs with -XX:NativeMemoryTracking=summary.
	 */
	private boolean nativeMemoryTracking = true;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Duration getSampleInterval() {
		return this.sampleInterval;
	}

	public void setSampleInterval(Duration sampleInterval) {
		this.sampleInterval = sampleInterval;
	}

	public Duration getWindow() {
		return this.window;
	}

	public void setWindow(Duration window) {
		this.window = window;
	}

	public @Nullable Duration getMinDuration() {
		return this.minDuration;
	}

	public void setMinDuration(@Nullable Duration minDuration) {
		this.minDuration = minDuration;
	}

	public @Nullable Integer getMinSamples() {
		return this.minSamples;
	}

	public void setMinSamples(@Nullable Integer minSamples) {
		this.minSamples = minSamples;
	}

	public Duration getWarmUp() {
		return this.warmUp;
	}

	public void setWarmUp(Duration warmUp) {
		this.warmUp = warmUp;
	}

	public double getSignificance() {
		return this.significance;
	}

	public void setSignificance(double significance) {
		this.significance = significance;
	}

	public DataSize getMinGrowthPerHour() {
		return this.minGrowthPerHour;
	}

	public void setMinGrowthPerHour(DataSize minGrowthPerHour) {
		this.minGrowthPerHour = minGrowthPerHour;
	}

	public DataSize getMinCodeCacheGrowthPerHour() {
		return this.minCodeCacheGrowthPerHour;
	}

	public void setMinCodeCacheGrowthPerHour(DataSize minCodeCacheGrowthPerHour) {
		this.minCodeCacheGrowthPerHour = minCodeCacheGrowthPerHour;
	}

	public int getMinThreadGrowthPerHour() {
		return this.minThreadGrowthPerHour;
	}

	public void setMinThreadGrowthPerHour(int minThreadGrowthPerHour) {
		this.minThreadGrowthPerHour = minThreadGrowthPerHour;
	}

	public int getMaxThreadGroups() {
		return this.maxThreadGroups;
	}

	public void setMaxThreadGroups(int maxThreadGroups) {
		this.maxThreadGroups = maxThreadGroups;
	}

	public int getMaxSamples() {
		return this.maxSamples;
	}

	public void setMaxSamples(int maxSamples) {
		this.maxSamples = maxSamples;
	}

	public boolean isNativeMemoryTracking() {
		return this.nativeMemoryTracking;
	}

	public void setNativeMemoryTracking(boolean nativeMemoryTracking) {
		this.nativeMemoryTracking = nativeMemoryTracking;
	}

	@Override
	public void afterPropertiesSet() {
		toSettings();
	}

	/**
	 * Return the settings, with the defaults that depend on other properties derived from
	 * them.
	 * @return the settings
	 * @throws IllegalArgumentException naming the properties when they are invalid or
	 * contradict each other
	 */
	public FootprintSettings toSettings() {
		if (this.sampleInterval.toMillis() < 100 || this.window.isNegative()) {
			// Let the record name the property before anything is derived from it.
			return new FootprintSettings(this.sampleInterval, this.window, Duration.ZERO, 0, this.warmUp,
					this.significance, this.minGrowthPerHour.toBytes(), this.minCodeCacheGrowthPerHour.toBytes(),
					this.minThreadGrowthPerHour, this.maxThreadGroups, this.maxSamples, this.nativeMemoryTracking);
		}
		Duration duration = (this.minDuration != null) ? this.minDuration
				: min(FootprintSettings.defaults().minDuration(), this.window);
		long perWindow = this.window.toMillis() / this.sampleInterval.toMillis();
		int samples = (this.minSamples != null) ? this.minSamples : (int) Math.max(FootprintSettings.FEWEST_SAMPLES,
				Math.min(FootprintSettings.defaults().minSamples(), perWindow));
		return new FootprintSettings(this.sampleInterval, this.window, duration, samples, this.warmUp,
				this.significance, this.minGrowthPerHour.toBytes(), this.minCodeCacheGrowthPerHour.toBytes(),
				this.minThreadGrowthPerHour, this.maxThreadGroups, this.maxSamples, this.nativeMemoryTracking);
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

}
