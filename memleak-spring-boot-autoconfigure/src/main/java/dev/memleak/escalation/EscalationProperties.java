package dev.memleak.escalation;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the escalation: the evidence memleak gathers by itself when a leak is
 * suspected. Every rule between these properties, and the defaults derived from others,
 * are in {@link EscalationSettings}.
 *
 * @author memleak
 */
@ConfigurationProperties("memleak.escalation")
public class EscalationProperties implements InitializingBean {

	/**
	 * Whether memleak gathers evidence by itself when the leak detector suspects a leak:
	 * a burst of heap snapshots spaced from the growth rate, the old-object recording
	 * until the top leak site is stable, and a heap dump if configured, within the pause
	 * budget. Off: suspects come from scheduled snapshots only, and leak sites only on
	 * demand.
	 */
	private boolean enabled = true;

	/**
	 * Whether to start before the status is SUSPECTED, when the evidence is cheap (a
	 * 'live' heap snapshot within memleak.snapshot.max-heap-for-forced-gc) and the growth
	 * already significant: status WATCH with a confidence above 1 - significance and a
	 * growth above min-growth-per-hour, or an old generation that grows that fast while
	 * no collection reclaims it. The snapshots' full collections give the detector exact
	 * floor points, so a leak is suspected sooner (docs/performance.md).
	 */
	private boolean onWatch = true;

	/**
	 * Longest time one escalation takes heap snapshots. Four snapshots name suspects
	 * within it at any leak rate above about 100 KB/min; leak sites may take up to three
	 * times as long.
	 */
	private Duration maxDuration = Duration.ofMinutes(10);

	/**
	 * Least time between the starts of two escalations, whatever the status does: a
	 * status that flaps costs one burst per interval at most. At least max-duration.
	 * Unset: an hour, or max-duration if longer.
	 */
	private @Nullable Duration minInterval;

	/**
	 * Completed emissions in a row with the same top leak site after which leak sites are
	 * no longer emitted (the recording keeps running while the leak is suspected), from 2
	 * to 100.
	 */
	private int sitesStableEmissions = 3;

	/**
	 * How long the old-object recording keeps running once the status has left SUSPECTED,
	 * in case it comes back.
	 */
	private Duration sitesStopAfter = Duration.ofMinutes(10);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public boolean isOnWatch() {
		return this.onWatch;
	}

	public void setOnWatch(boolean onWatch) {
		this.onWatch = onWatch;
	}

	public Duration getMaxDuration() {
		return this.maxDuration;
	}

	public void setMaxDuration(Duration maxDuration) {
		this.maxDuration = maxDuration;
	}

	public @Nullable Duration getMinInterval() {
		return this.minInterval;
	}

	public void setMinInterval(@Nullable Duration minInterval) {
		this.minInterval = minInterval;
	}

	public int getSitesStableEmissions() {
		return this.sitesStableEmissions;
	}

	public void setSitesStableEmissions(int sitesStableEmissions) {
		this.sitesStableEmissions = sitesStableEmissions;
	}

	public Duration getSitesStopAfter() {
		return this.sitesStopAfter;
	}

	public void setSitesStopAfter(Duration sitesStopAfter) {
		this.sitesStopAfter = sitesStopAfter;
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
	 * Return the settings, with the unset values derived.
	 * @return the settings
	 * @throws IllegalArgumentException naming the property, or both properties, that
	 * break a rule
	 */
	public EscalationSettings toSettings() {
		return EscalationSettings.builder()
			.onWatch(this.onWatch)
			.maxDuration(this.maxDuration)
			.minInterval(this.minInterval)
			.sitesStableEmissions(this.sitesStableEmissions)
			.sitesStopAfter(this.sitesStopAfter)
			.build();
	}

}
