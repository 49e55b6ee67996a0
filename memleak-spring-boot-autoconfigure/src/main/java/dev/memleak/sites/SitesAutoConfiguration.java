package dev.memleak.sites;

import java.time.Clock;

import dev.memleak.core.FailureRecorder;
import dev.memleak.core.MemleakAutoConfiguration;
import dev.memleak.core.PauseBudget;
import dev.memleak.core.PauseBudgetAutoConfiguration;
import dev.memleak.heap.LeakDetectionAutoConfiguration;
import dev.memleak.heap.LiveSetTracker;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of leak sites (JFR old-object samples) and automatic heap dumps. On
 * by default; the recording waits until a leak is suspected.
 *
 * @author memleak
 */
@AutoConfiguration(after = { MemleakAutoConfiguration.class, PauseBudgetAutoConfiguration.class,
		LeakDetectionAutoConfiguration.class })
@ConditionalOnBooleanProperty(name = "memleak.sites.enabled", matchIfMissing = true)
@ConditionalOnBean(FailureRecorder.class)
@EnableConfigurationProperties(SitesProperties.class)
public final class SitesAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	SitesSettings memleakSitesSettings(SitesProperties properties, Environment environment) {
		return properties.toSettings(environment.getProperty("memleak.detection.enabled", Boolean.class, true),
				environment.getProperty("memleak.escalation.enabled", Boolean.class, true));
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnClass(name = "jdk.jfr.FlightRecorder")
	OldObjectRecorder memleakOldObjectRecorder() {
		return new JfrOldObjectRecorder();
	}

	@Bean
	@ConditionalOnMissingBean
	HeapDumper memleakHeapDumper() {
		return new HotSpotHeapDumper();
	}

	@Bean
	@ConditionalOnMissingBean
	LeakSiteSampler memleakLeakSiteSampler(ObjectProvider<OldObjectRecorder> recorder,
			ObjectProvider<LiveSetTracker> tracker, SitesSettings settings, FailureRecorder failures,
			ObjectProvider<MeterRegistry> registry, ObjectProvider<PauseBudget> budget) {
		LiveSetTracker liveSet = tracker.getIfUnique();
		OldGenerationCollections collections = (liveSet != null) ? liveSet.series()::lastCandidateAt : null;
		return new LeakSiteSampler(recorder.getIfUnique(), collections, settings, Clock.systemUTC(), failures,
				registry.getIfUnique(), budget.getIfAvailable(PauseBudget::unlimited));
	}

	@Bean
	@ConditionalOnMissingBean
	HeapDumpTaker memleakHeapDumpTaker(HeapDumper dumper, SitesSettings settings, FailureRecorder failures,
			ObjectProvider<PauseBudget> budget) {
		return new HeapDumpTaker(dumper, settings.heapDump(), Clock.systemUTC(), failures,
				budget.getIfAvailable(PauseBudget::unlimited));
	}

	@Bean(initMethod = "start", destroyMethod = "close")
	@ConditionalOnMissingBean
	LeakSiteMonitor memleakLeakSiteMonitor(LeakSiteSampler sampler, HeapDumpTaker dumps, SitesSettings settings,
			FailureRecorder failures) {
		return new LeakSiteMonitor(sampler, dumps, settings, Clock.systemUTC(), failures);
	}

}
