package dev.memleak.snapshot;

import java.time.Clock;

import dev.memleak.core.FailureRecorder;
import dev.memleak.core.MemleakAutoConfiguration;
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
@AutoConfiguration(after = MemleakAutoConfiguration.class)
@ConditionalOnBooleanProperty(name = "memleak.snapshot.enabled", matchIfMissing = true)
@ConditionalOnBean(FailureRecorder.class)
@EnableConfigurationProperties(SnapshotProperties.class)
public final class SnapshotAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ClassHistogramSource memleakClassHistogramSource() {
		return new DiagnosticCommandHistogramSource();
	}

	@Bean
	@ConditionalOnMissingBean
	ClassHistogramSnapshotter memleakClassHistogramSnapshotter(ClassHistogramSource source,
			SnapshotProperties properties, FailureRecorder failures, ObjectProvider<MeterRegistry> registry) {
		return new ClassHistogramSnapshotter(source, properties, Clock.systemUTC(), failures,
				registry.getIfAvailable());
	}

	@Bean(initMethod = "start", destroyMethod = "close")
	@ConditionalOnMissingBean
	SnapshotScheduler memleakSnapshotScheduler(ClassHistogramSnapshotter snapshotter, SnapshotProperties properties,
			FailureRecorder failures) {
		return new SnapshotScheduler(snapshotter, properties, Clock.systemUTC(), failures);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "memleak.snapshot.on-suspected.enabled", matchIfMissing = true)
	SuspectedLeakTrigger memleakSuspectedLeakTrigger(SnapshotScheduler scheduler, SnapshotProperties properties) {
		return new SuspectedLeakTrigger(scheduler, properties.getOnSuspected().getMinInterval());
	}

}
