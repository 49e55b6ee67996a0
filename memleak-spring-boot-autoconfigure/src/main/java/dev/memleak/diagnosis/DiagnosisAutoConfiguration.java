package dev.memleak.diagnosis;

import java.time.Clock;

import dev.memleak.core.FailureRecorder;
import dev.memleak.core.MemleakAutoConfiguration;
import dev.memleak.escalation.EscalationAutoConfiguration;
import dev.memleak.escalation.EscalationMonitor;
import dev.memleak.heap.LeakDetectionAutoConfiguration;
import dev.memleak.heap.LeakMonitor;
import dev.memleak.request.RequestAllocationRecorder;
import dev.memleak.request.RequestMemoryAutoConfiguration;
import dev.memleak.sites.LeakSiteMonitor;
import dev.memleak.sites.SitesAutoConfiguration;
import dev.memleak.sites.SitesSettings;
import dev.memleak.snapshot.ClassHistogramSnapshotter;
import dev.memleak.snapshot.SnapshotAutoConfiguration;
import dev.memleak.snapshot.SnapshotScheduler;
import dev.memleak.snapshot.SnapshotSettings;
import dev.memleak.task.TaskAllocationRecorder;
import dev.memleak.task.TaskAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the diagnosis: the joins of suspects, leak sites and the routes
 * and tasks on their stacks, and the {@code memleak.diagnosis.leak} series.
 *
 * @author memleak
 */
@AutoConfiguration(after = { MemleakAutoConfiguration.class, LeakDetectionAutoConfiguration.class,
		RequestMemoryAutoConfiguration.class, TaskAutoConfiguration.class, SnapshotAutoConfiguration.class,
		SitesAutoConfiguration.class, EscalationAutoConfiguration.class })
@ConditionalOnBean(FailureRecorder.class)
@EnableConfigurationProperties(DiagnosisProperties.class)
public final class DiagnosisAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	EvidenceSchedule memleakEvidenceSchedule(ObjectProvider<EscalationMonitor> escalation,
			ObjectProvider<ClassHistogramSnapshotter> snapshotter, ObjectProvider<SnapshotScheduler> scheduler,
			ObjectProvider<SnapshotSettings> snapshotSettings, ObjectProvider<LeakSiteMonitor> sites) {
		return new EscalationEvidence(escalation,
				new ScheduledEvidence(snapshotter, scheduler, snapshotSettings, sites));
	}

	@Bean
	@ConditionalOnMissingBean
	LeakDiagnostician memleakLeakDiagnostician(ObjectProvider<LeakMonitor> detection,
			ObjectProvider<ClassHistogramSnapshotter> snapshots, ObjectProvider<LeakSiteMonitor> sites,
			ObjectProvider<RequestAllocationRecorder> requests, ObjectProvider<TaskAllocationRecorder> tasks,
			ObjectProvider<HandlerRoutes> routes, EvidenceSchedule schedule,
			ObjectProvider<SitesSettings> sitesSettings, DiagnosisProperties properties, FailureRecorder failures) {
		return new LeakDiagnostician(detection, snapshots, sites, requests, tasks, routes, schedule, sitesSettings,
				properties, Clock.systemUTC(), failures);
	}

	@Bean
	@ConditionalOnBean(MeterRegistry.class)
	@ConditionalOnMissingBean
	DiagnosisMetrics memleakDiagnosisMetrics(LeakDiagnostician diagnostician, DiagnosisProperties properties) {
		return new DiagnosisMetrics(diagnostician, properties.getRefreshInterval());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping")
	static class MvcRoutesConfiguration {

		@Bean
		@ConditionalOnMissingBean
		MvcHandlerRoutes memleakMvcHandlerRoutes() {
			return new MvcHandlerRoutes();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.web.reactive.result.method.RequestMappingInfoHandlerMapping")
	static class WebFluxRoutesConfiguration {

		@Bean
		@ConditionalOnMissingBean
		WebFluxHandlerRoutes memleakWebFluxHandlerRoutes() {
			return new WebFluxHandlerRoutes();
		}

	}

}
