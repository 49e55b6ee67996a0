package dev.memleak.escalation;

import java.time.Clock;

import dev.memleak.core.FailureRecorder;
import dev.memleak.core.PauseBudget;
import dev.memleak.core.PauseBudgetAutoConfiguration;
import dev.memleak.heap.DetectionProperties;
import dev.memleak.heap.DetectionSettings;
import dev.memleak.heap.LeakDetectionAutoConfiguration;
import dev.memleak.heap.LeakMonitor;
import dev.memleak.heap.LiveSetTracker;
import dev.memleak.sites.LeakSiteMonitor;
import dev.memleak.sites.SitesAutoConfiguration;
import dev.memleak.snapshot.ClassHistogramSnapshotter;
import dev.memleak.snapshot.SnapshotAutoConfiguration;
import dev.memleak.snapshot.SnapshotScheduler;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the escalation: the evidence memleak gathers by itself when a
 * leak is suspected. Needs the leak detector.
 *
 * @author memleak
 */
@AutoConfiguration(after = { PauseBudgetAutoConfiguration.class, LeakDetectionAutoConfiguration.class,
		SnapshotAutoConfiguration.class, SitesAutoConfiguration.class })
@ConditionalOnBooleanProperty(name = "memleak.escalation.enabled", matchIfMissing = true)
@ConditionalOnBean({ FailureRecorder.class, LeakMonitor.class })
@EnableConfigurationProperties(EscalationProperties.class)
public final class EscalationAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	EscalationSettings memleakEscalationSettings(EscalationProperties properties) {
		return properties.toSettings();
	}

	@Bean(initMethod = "start", destroyMethod = "close")
	@ConditionalOnMissingBean
	EscalationMonitor memleakEscalationMonitor(EscalationSettings settings, LeakMonitor monitor,
			ObjectProvider<DetectionSettings> detection, DetectionProperties detectionProperties,
			ObjectProvider<LiveSetTracker> tracker, ObjectProvider<ClassHistogramSnapshotter> snapshotter,
			ObjectProvider<SnapshotScheduler> schedule, ObjectProvider<LeakSiteMonitor> sites,
			ObjectProvider<PauseBudget> budget, FailureRecorder failures) {
		LiveSetTracker liveSet = tracker.getIfUnique();
		Escalation.Builder escalation = Escalation
			.builder(settings, detection.getIfAvailable(detectionProperties::toSettings),
					() -> monitor.current().verdict())
			.snapshots(snapshotter.getIfUnique())
			.schedule(schedule.getIfUnique())
			.sites(sites.getIfUnique())
			.budget(budget.getIfAvailable(PauseBudget::unlimited))
			.clock(Clock.systemUTC());
		return new EscalationMonitor(escalation, (liveSet != null) ? liveSet.series() : null, failures);
	}

}
