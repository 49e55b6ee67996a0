package dev.memleak.heap;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of live-set tracking and leak detection. Every rule between these
 * properties, and the defaults derived from the window, are in {@link DetectionSettings}.
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
	 * before any verdict; fewer give UNKNOWN. At least 3 and at most max-samples.
	 */
	private int minSamples = 8;

	/**
	 * How long growth must have been observed before a leak is SUSPECTED: shorter is
	 * faster but lets long warm-ups raise false alarms. At most the window. Unset: a
	 * third of the window, at most 10 minutes (10 minutes with the default window).
	 */
	private @Nullable Duration minDuration;

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
	 * Time between two evaluations, at least 100ms and at most the window. Each costs
	 * well under a millisecond. Unset: a sixtieth of the window, from 100ms to 30s (30s
	 * with the default window).
	 */
	private @Nullable Duration evaluationInterval;

	/**
	 * Most floor candidates kept (24 bytes each), from 16 to 1000000 and at least
	 * min-samples. Under heavy load a JVM yields up to about 40 a minute. Unset: room for
	 * the window at 80 a minute, at least 4096 (4096 with the default window).
	 */
	private @Nullable Integer maxSamples;

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
		this.window = window;
	}

	public int getMinSamples() {
		return this.minSamples;
	}

	public void setMinSamples(int minSamples) {
		this.minSamples = minSamples;
	}

	public @Nullable Duration getMinDuration() {
		return this.minDuration;
	}

	public void setMinDuration(@Nullable Duration minDuration) {
		this.minDuration = minDuration;
	}

	public DataSize getMinGrowthPerHour() {
		return this.minGrowthPerHour;
	}

	public void setMinGrowthPerHour(DataSize minGrowthPerHour) {
		this.minGrowthPerHour = minGrowthPerHour;
	}

	public double getSignificance() {
		return this.significance;
	}

	public void setSignificance(double significance) {
		this.significance = significance;
	}

	public @Nullable Duration getEvaluationInterval() {
		return this.evaluationInterval;
	}

	public void setEvaluationInterval(@Nullable Duration evaluationInterval) {
		this.evaluationInterval = evaluationInterval;
	}

	public @Nullable Integer getMaxSamples() {
		return this.maxSamples;
	}

	public void setMaxSamples(@Nullable Integer maxSamples) {
		this.maxSamples = maxSamples;
	}

	public int getMaxAttributedWorkloads() {
		return this.maxAttributedWorkloads;
	}

	public void setMaxAttributedWorkloads(int maxAttributedWorkloads) {
		this.maxAttributedWorkloads = maxAttributedWorkloads;
	}

	/**
	 * Fail at binding, naming the properties, unless the properties agree with each
	 * other, whichever memleak beans the application replaces.
	 */
	@Override
	public void afterPropertiesSet() {
		toSettings();
	}

	/**
	 * Return the detector's settings, with the unset values derived.
	 * @return the settings
	 * @throws IllegalArgumentException naming the property, or both properties, that
	 * break a rule
	 */
	public DetectionSettings toSettings() {
		return DetectionSettings.builder()
			.window(this.window)
			.minSamples(this.minSamples)
			.minDuration(this.minDuration)
			.minGrowthBytesPerHour(this.minGrowthPerHour.toBytes())
			.significance(this.significance)
			.evaluationInterval(this.evaluationInterval)
			.maxSamples(this.maxSamples)
			.maxAttributedWorkloads(this.maxAttributedWorkloads)
			.build();
	}

}
