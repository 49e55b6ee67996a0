package dev.memleak.heap;

import java.time.Clock;

import dev.memleak.allocation.ExecutionCounts;
import dev.memleak.core.FailureRecorder;
import dev.memleak.core.MemleakAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of live-set tracking and leak detection.
 *
 * @author memleak
 */
@AutoConfiguration(after = MemleakAutoConfiguration.class)
@ConditionalOnBean(FailureRecorder.class)
@ConditionalOnBooleanProperty(name = "memleak.detection.enabled", matchIfMissing = true)
@EnableConfigurationProperties(DetectionProperties.class)
public final class LeakDetectionAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	DetectionSettings memleakDetectionSettings(DetectionProperties properties) {
		return properties.toSettings();
	}

	@Bean
	@ConditionalOnMissingBean
	LiveSetTracker memleakLiveSetTracker(DetectionSettings settings, DetectionProperties properties,
			FailureRecorder failures) {
		LiveSetTracker tracker = new LiveSetTracker(new FloorSeries(settings.maxSamples()), Clock.systemUTC(),
				failures);
		tracker.setJfrCycleEvents(properties.isJfrCycleEvents());
		tracker.start();
		return tracker;
	}

	@Bean
	@ConditionalOnMissingBean
	LeakMonitor memleakLeakMonitor(LiveSetTracker tracker, DetectionSettings settings, FailureRecorder failures,
			ObjectProvider<ExecutionCounts> sources, ApplicationEventPublisher events) {
		LeakMonitor monitor = LeakMonitor.builder(tracker, tracker.series(), settings)
			.sources(() -> sources.orderedStream().toList())
			.onChange(events::publishEvent)
			.failures(failures)
			.build();
		monitor.start();
		return monitor;
	}

	@Bean
	@ConditionalOnBean(MeterRegistry.class)
	@ConditionalOnMissingBean
	HeapMetrics memleakHeapMetrics(LeakMonitor monitor) {
		return new HeapMetrics(monitor);
	}

}
