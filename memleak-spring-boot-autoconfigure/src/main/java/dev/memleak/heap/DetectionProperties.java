package dev.memleak.heap;

import java.time.Duration;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of live-set tracking and leak detection.
 *
 * @author memleak
 */
@ConfigurationProperties("memleak.detection")
public class DetectionProperties implements InitializingBean {

	/**
	 * Whether to track the live set from GC notifications and decide whether it leaks.
	 */
	private boolean enabled = true;

	/**
	 * How far back floor points are considered. Longer windows tell slow leaks from
	 * plateaus better but react later.
	 */
	private Duration window = Duration.ofMinutes(30);

	/**
	 * Floor points (collections that reclaim the old generation) needed in the window
	 * before any verdict; fewer give UNKNOWN. At least 3.
	 */
	private int minSamples = 8;

	/**
	 * How long growth must have been observed before a leak is SUSPECTED: shorter is
	 * faster but lets long warm-ups raise false alarms. At most the window.
	 */
	private Duration minDuration = Duration.ofMinutes(10);

	/**
	 * Growth of the live set per hour below which it counts as flat, however significant.
	 */
	private DataSize minGrowthPerHour = DataSize.ofMegabytes(8);

	/**
	 * Mann-Kendall p-value below which growth is significant, from 0 to 0.5 (exclusive
	 * 0). Smaller means fewer false alarms and later detection.
	 */
	private double significance = 0.01;

	/**
	 * Time between two evaluations. Each costs well under a millisecond.
	 */
	private Duration evaluationInterval = Duration.ofSeconds(30);

	/**
	 * Most floor candidates kept (24 bytes each). Under heavy load a JVM yields up to
	 * about 40 a minute, so the default covers the default window with room to spare.
	 */
	private int maxSamples = 4096;

	/**
	 * Most routes and tasks one attribution names, from 1 to 10.
	 */
	private int maxAttributedWorkloads = 3;

	/**
	 * Whether, on G1 with JDK 17 to 19 (whose GC notifications do not report concurrent
	 * marking cycles) and only where the JVM's performance counters are off
	 * (-XX:-UsePerfData), memleak watches marking cycles through a JFR stream of
	 * jdk.GarbageCollection events, started two minutes after the JVM. Without it such a
	 * JVM gets no floor point from a leak with little garbage in the old generation until
	 * a full collection; with it JFR starts and uses its buffers (about 10 MB of native
	 * memory). Ignored on other JVMs.
	 */
	private boolean jfrCycleEvents = true;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public boolean isJfrCycleEvents() {
		return this.jfrCycleEvents;
	}

	public void setJfrCycleEvents(boolean jfrCycleEvents) {
		this.jfrCycleEvents = jfrCycleEvents;
	}

	public Duration getWindow() {
		return this.window;
	}

	public void setWindow(Duration window) {
		requirePositive("memleak.detection.window", window);
		this.window = window;
	}

	public int getMinSamples() {
		return this.minSamples;
	}

	public void setMinSamples(int minSamples) {
		if (minSamples < 3) {
			throw new IllegalArgumentException(
					"memleak.detection.min-samples must be at least 3, but was " + minSamples);
		}
		this.minSamples = minSamples;
	}

	public Duration getMinDuration() {
		return this.minDuration;
	}

	public void setMinDuration(Duration minDuration) {
		if (minDuration.isNegative()) {
			throw new IllegalArgumentException(
					"memleak.detection.min-duration must not be negative, but was " + minDuration);
		}
		this.minDuration = minDuration;
	}

	public DataSize getMinGrowthPerHour() {
		return this.minGrowthPerHour;
	}

	public void setMinGrowthPerHour(DataSize minGrowthPerHour) {
		if (minGrowthPerHour.isNegative()) {
			throw new IllegalArgumentException(
					"memleak.detection.min-growth-per-hour must not be negative, but was " + minGrowthPerHour);
		}
		this.minGrowthPerHour = minGrowthPerHour;
	}

	public double getSignificance() {
		return this.significance;
	}

	public void setSignificance(double significance) {
		if (!(significance > 0 && significance <= 0.5)) {
			throw new IllegalArgumentException(
					"memleak.detection.significance must be above 0 and at most 0.5, but was " + significance);
		}
		this.significance = significance;
	}

	public Duration getEvaluationInterval() {
		return this.evaluationInterval;
	}

	public void setEvaluationInterval(Duration evaluationInterval) {
		if (evaluationInterval.toMillis() < 100) {
			throw new IllegalArgumentException(
					"memleak.detection.evaluation-interval must be at least 100ms, but was " + evaluationInterval);
		}
		this.evaluationInterval = evaluationInterval;
	}

	public int getMaxSamples() {
		return this.maxSamples;
	}

	public void setMaxSamples(int maxSamples) {
		if (maxSamples < 16 || maxSamples > 1_000_000) {
			throw new IllegalArgumentException(
					"memleak.detection.max-samples must be between 16 and 1000000, but was " + maxSamples);
		}
		this.maxSamples = maxSamples;
	}

	public int getMaxAttributedWorkloads() {
		return this.maxAttributedWorkloads;
	}

	public void setMaxAttributedWorkloads(int maxAttributedWorkloads) {
		if (maxAttributedWorkloads < 1 || maxAttributedWorkloads > 10) {
			throw new IllegalArgumentException("memleak.detection.max-attributed-workloads must be between 1 and 10, "
					+ "but was " + maxAttributedWorkloads);
		}
		this.maxAttributedWorkloads = maxAttributedWorkloads;
	}

	@Override
	public void afterPropertiesSet() {
		if (this.minDuration.compareTo(this.window) > 0) {
			throw new IllegalArgumentException("memleak.detection.min-duration (" + this.minDuration
					+ ") must not exceed memleak.detection.window (" + this.window + ")");
		}
	}

	/**
	 * Return the detector's settings.
	 * @return the settings
	 */
	public DetectionSettings toSettings() {
		return new DetectionSettings(this.window, this.minSamples, this.minDuration, this.minGrowthPerHour.toBytes(),
				this.significance);
	}

	/**
	 * Return how many evaluations cover the window, with a margin, within max-samples.
	 * @return the history size
	 */
	public int historySize() {
		long evaluations = this.window.toMillis() / this.evaluationInterval.toMillis() + 4;
		return (int) Math.min(this.maxSamples, evaluations);
	}

	private static void requirePositive(String property, Duration value) {
		if (value.isZero() || value.isNegative()) {
			throw new IllegalArgumentException(property + " must be positive, but was " + value);
		}
	}

}
