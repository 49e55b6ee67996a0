package dev.memleak.footprint;

import java.nio.file.Path;
import java.time.Clock;

import dev.memleak.core.FailureRecorder;
import dev.memleak.core.MemleakAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the memory outside the heap: the container, the process, Native
 * Memory Tracking, threads, metaspace, code cache and buffers.
 *
 * @author memleak
 */
@AutoConfiguration(after = MemleakAutoConfiguration.class)
@ConditionalOnBean(FailureRecorder.class)
@ConditionalOnBooleanProperty(name = "memleak.footprint.enabled", matchIfMissing = true)
@EnableConfigurationProperties(FootprintProperties.class)
public final class FootprintAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	FootprintSettings memleakFootprintSettings(FootprintProperties properties) {
		return properties.toSettings();
	}

	@Bean(initMethod = "start", destroyMethod = "close")
	@ConditionalOnMissingBean
	FootprintMonitor memleakFootprintMonitor(FootprintSettings settings, FailureRecorder failures) {
		return FootprintMonitor.create(settings, Path.of("/"), failures, Clock.systemUTC());
	}

	@Bean
	@ConditionalOnBean(MeterRegistry.class)
	@ConditionalOnMissingBean
	FootprintMetrics memleakFootprintMetrics(FootprintMonitor monitor) {
		return new FootprintMetrics(monitor);
	}

}
