package dev.memleak.core;

import dev.memleak.allocation.AllocationCounter;
import dev.memleak.allocation.ThreadAllocationCounter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of what every memleak feature shares.
 *
 * @author memleak
 */
@AutoConfiguration(
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBooleanProperty(name = "memleak.enabled", matchIfMissing = true)
@EnableConfigurationProperties(MemleakProperties.class)
public final class MemleakAutoConfiguration {

	private static final Log logger = LogFactory.getLog(MemleakAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	FailureRecorder memleakFailureRecorder(ObjectProvider<MeterRegistry> registry) {
		return new FailureRecorder(registry.getIfAvailable());
	}

	@Bean
	@ConditionalOnMissingBean
	AllocationCounter memleakAllocationCounter() {
		ThreadAllocationCounter counter = ThreadAllocationCounter.forThisJvm();
		if (!counter.isSupported()) {
			logger.warn("memleak: this JVM does not measure per-thread allocation; requests and tasks are "
					+ "counted but their allocated bytes are reported as unavailable");
		}
		return counter;
	}

}
