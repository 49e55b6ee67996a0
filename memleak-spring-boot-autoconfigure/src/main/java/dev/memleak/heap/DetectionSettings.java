package dev.memleak.heap;

import java.time.Duration;

/**
 * What the detector needs to decide.
 *
 * @param window how far back floor points are considered
 * @param minSamples floor points needed in the window before any verdict
 * @param minDuration how long growth must have been observed before a leak is suspected
 * @param minGrowthBytesPerHour growth below which the live set is considered flat
 * @param significance the Mann-Kendall p-value below which growth is significant
 * @author memleak
 */
public record DetectionSettings(Duration window, int minSamples, Duration minDuration, long minGrowthBytesPerHour,
		double significance) {

	/**
	 * The defaults: a 30 minute window, 8 floor points, 10 minutes of growth, 8 MiB per
	 * hour, p below 0.01.
	 * @return the defaults
	 */
	public static DetectionSettings defaults() {
		return new DetectionSettings(Duration.ofMinutes(30), 8, Duration.ofMinutes(10), 8L * 1024 * 1024, 0.01);
	}

}
