package dev.memleak.core;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the pause budget: how long memleak may stop the application.
 *
 * @author memleak
 */
@ConfigurationProperties("memleak.pause-budget")
public class PauseBudgetProperties {

	/**
	 * Most time memleak may stop the application within any hour, from 0s to 1h:
	 * scheduled and escalated heap snapshots, leak-site emissions and automatic heap
	 * dumps are refused when their estimated pause does not fit, and wait until it frees
	 * up (on-demand operations run anyway and are counted). Ten seconds is 0.3% of the
	 * hour; a burst of four snapshots of a 1 GiB heap takes about half of it on 2 cores
	 * (docs/performance.md). 0 stops every pause nobody asked for.
	 */
	private Duration perHour = Duration.ofSeconds(10);

	public Duration getPerHour() {
		return this.perHour;
	}

	public void setPerHour(Duration perHour) {
		this.perHour = perHour;
	}

}
