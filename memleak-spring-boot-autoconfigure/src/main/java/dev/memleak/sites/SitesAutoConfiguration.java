package dev.memleak.sites;

import java.time.Clock;

import dev.memleak.core.FailureRecorder;
import dev.memleak.core.MemleakAutoConfiguration;
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

/**
 * Auto-configuration of leak sites (JFR old-object samples) and automatic heap dumps. Off
 * unless {@code memleak.sites.enabled=true}.
 *
 * @author memleak
 */
@AutoConfiguration(after = { MemleakAutoConfiguration.class, LeakDetectionAutoConfiguration.class })
@ConditionalOnBooleanProperty("memleak.sites.enabled")
@ConditionalOnBean(FailureRecorder.class)
@EnableConfigurationProperties(SitesProperties.class)
public final class SitesAutoConfiguration {

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
			ObjectProvider<LiveSetTracker> tracker, SitesProperties properties, FailureRecorder failures,
			ObjectProvider<MeterRegistry> registry) {
		LiveSetTracker liveSet = tracker.getIfUnique();
		OldGenerationCollections collections = (liveSet != null) ? liveSet.series()::lastCandidateAt : null;
		return new LeakSiteSampler(recorder.getIfUnique(), collections, properties, Clock.systemUTC(), failures,
				registry.getIfUnique());
	}

	@Bean
	@ConditionalOnMissingBean
	HeapDumpTaker memleakHeapDumpTaker(HeapDumper dumper, SitesProperties properties, FailureRecorder failures) {
		return new HeapDumpTaker(dumper, properties.getHeapDump(), Clock.systemUTC(), failures);
	}

	@Bean(initMethod = "start", destroyMethod = "close")
	@ConditionalOnMissingBean
	LeakSiteMonitor memleakLeakSiteMonitor(LeakSiteSampler sampler, HeapDumpTaker dumps, SitesProperties properties,
			FailureRecorder failures) {
		return new LeakSiteMonitor(sampler, dumps, properties, Clock.systemUTC(), failures);
	}

	@Bean
	@ConditionalOnMissingBean
	SuspectedLeakSitesTrigger memleakSuspectedLeakSitesTrigger(LeakSiteMonitor monitor) {
		return new SuspectedLeakSitesTrigger(monitor);
	}

}
