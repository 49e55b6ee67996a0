package dev.memleak.diagnosis;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the diagnosis: the report's {@code diagnosis} section and the
 * {@code memleak.diagnosis.leak} series.
 *
 * @author memleak
 */
@ConfigurationProperties("memleak.diagnosis")
public class DiagnosisProperties {

	/**
	 * Leaks listed in the diagnosis, the strongest first. Each costs a few hundred bytes
	 * of report; the series names the first only.
	 */
	private int maxLeaks = 3;

	/**
	 * Time between two updates of the 'memleak.diagnosis.leak' series, which names the
	 * top leak's class, site and route or task for alerts. Each update joins the latest
	 * suspects and leak sites (well under a millisecond); the report is always current.
	 */
	private Duration refreshInterval = Duration.ofSeconds(30);

	public int getMaxLeaks() {
		return this.maxLeaks;
	}

	public void setMaxLeaks(int maxLeaks) {
		if (maxLeaks < 1 || maxLeaks > 20) {
			throw new IllegalArgumentException(
					"memleak.diagnosis.max-leaks must be between 1 and 20 (inclusive), but was " + maxLeaks);
		}
		this.maxLeaks = maxLeaks;
	}

	public Duration getRefreshInterval() {
		return this.refreshInterval;
	}

	public void setRefreshInterval(Duration refreshInterval) {
		if (refreshInterval.compareTo(Duration.ofMillis(100)) < 0) {
			throw new IllegalArgumentException(
					"memleak.diagnosis.refresh-interval must be at least 100ms, but was " + refreshInterval);
		}
		this.refreshInterval = refreshInterval;
	}

}
