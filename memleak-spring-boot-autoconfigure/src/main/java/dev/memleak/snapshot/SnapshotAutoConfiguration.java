package dev.memleak.snapshot;

import java.time.Clock;

import dev.memleak.core.FailureRecorder;
import dev.memleak.core.MemleakAutoConfiguration;
import dev.memleak.core.PauseBudget;
import dev.memleak.core.PauseBudgetAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of scheduled heap snapshots and their suspects.
 *
 * @author memleak
 */
@AutoConfiguration(after = { MemleakAutoConfiguration.class, PauseBudgetAutoConfiguration.class })
@ConditionalOnBooleanProperty(name = "memleak.snapshot.enabled", matchIfMissing = true)
@ConditionalOnBean(FailureRecorder.class)
@EnableConfigurationProperties(SnapshotProperties.class)
public final class SnapshotAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	SnapshotSettings memleakSnapshotSettings(SnapshotProperties properties) {
		return properties.toSettings();
	}

	@Bean
	@ConditionalOnMissingBean
	ClassHistogramSource memleakClassHistogramSource() {
		return new DiagnosticCommandHistogramSource();
	}

	@Bean
	@ConditionalOnMissingBean
	ClassHistogramSnapshotter memleakClassHistogramSnapshotter(ClassHistogramSource source, SnapshotSettings settings,
			FailureRecorder failures, ObjectProvider<MeterRegistry> registry, ObjectProvider<PauseBudget> budget) {
		return new ClassHistogramSnapshotter(source, settings, Clock.systemUTC(), failures, registry.getIfAvailable(),
				budget.getIfAvailable(PauseBudget::unlimited));
	}

	@Bean(initMethod = "start", destroyMethod = "close")
	@ConditionalOnMissingBean
	SnapshotScheduler memleakSnapshotScheduler(ClassHistogramSnapshotter snapshotter, SnapshotSettings settings,
			FailureRecorder failures) {
		return new SnapshotScheduler(snapshotter, settings, Clock.systemUTC(), failures);
	}

}
