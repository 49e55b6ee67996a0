package dev.memleak.core;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the pause budget every feature that stops the application draws
 * on.
 *
 * @author memleak
 */
@AutoConfiguration(after = MemleakAutoConfiguration.class)
@ConditionalOnBean(FailureRecorder.class)
@EnableConfigurationProperties(PauseBudgetProperties.class)
public final class PauseBudgetAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	PauseBudget memleakPauseBudget(PauseBudgetProperties properties) {
		return new PauseBudget(properties.getPerHour(), Clock.systemUTC());
	}

	@Bean
	@ConditionalOnBean(MeterRegistry.class)
	@ConditionalOnMissingBean
	PauseBudgetMetrics memleakPauseBudgetMetrics(PauseBudget budget) {
		return new PauseBudgetMetrics(budget);
	}

}
