package dev.memleak.endpoint;

import dev.memleak.core.FailureRecorder;
import dev.memleak.core.MemleakAutoConfiguration;
import dev.memleak.core.PauseBudget;
import dev.memleak.core.PauseBudgetAutoConfiguration;
import dev.memleak.diagnosis.DiagnosisAutoConfiguration;
import dev.memleak.diagnosis.LeakDiagnostician;
import dev.memleak.escalation.EscalationAutoConfiguration;
import dev.memleak.escalation.EscalationMonitor;
import dev.memleak.footprint.FootprintAutoConfiguration;
import dev.memleak.footprint.FootprintMonitor;
import dev.memleak.heap.LeakDetectionAutoConfiguration;
import dev.memleak.heap.LeakMonitor;
import dev.memleak.request.RequestAllocationRecorder;
import dev.memleak.request.RequestMemoryAutoConfiguration;
import dev.memleak.sites.LeakSiteMonitor;
import dev.memleak.sites.SitesAutoConfiguration;
import dev.memleak.sites.SitesProperties;
import dev.memleak.snapshot.ClassHistogramSnapshotter;
import dev.memleak.snapshot.SnapshotAutoConfiguration;
import dev.memleak.task.TaskAllocationRecorder;
import dev.memleak.task.TaskAutoConfiguration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@code memoryleak} actuator endpoint.
 *
 * @author memleak
 */
@AutoConfiguration(after = { MemleakAutoConfiguration.class, RequestMemoryAutoConfiguration.class,
		TaskAutoConfiguration.class, LeakDetectionAutoConfiguration.class, SnapshotAutoConfiguration.class,
		SitesAutoConfiguration.class, FootprintAutoConfiguration.class, PauseBudgetAutoConfiguration.class,
		EscalationAutoConfiguration.class, DiagnosisAutoConfiguration.class })
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean(FailureRecorder.class)
@ConditionalOnAvailableEndpoint(MemoryLeakEndpoint.class)
public final class MemoryLeakEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	MemoryLeakEndpoint memoryLeakEndpoint(ObjectProvider<LeakMonitor> detection,
			ObjectProvider<RequestAllocationRecorder> requests, ObjectProvider<TaskAllocationRecorder> tasks,
			ObjectProvider<ClassHistogramSnapshotter> snapshots, ObjectProvider<LeakSiteMonitor> sites,
			ObjectProvider<FootprintMonitor> footprint, ObjectProvider<LeakDiagnostician> diagnostician,
			FailureRecorder failures, ObjectProvider<PauseBudget> pauses,
			ObjectProvider<EscalationMonitor> escalation) {
		return new MemoryLeakEndpoint(detection, requests, tasks, snapshots, sites, footprint, diagnostician, failures,
				pauses, escalation);
	}

	@Bean
	@ConditionalOnBean(MemoryLeakEndpoint.class)
	@ConditionalOnAvailableEndpoint(exposure = EndpointExposure.WEB)
	@ConditionalOnMissingBean
	MemoryLeakWebEndpointExtension memoryLeakWebEndpointExtension(MemoryLeakEndpoint endpoint,
			ObjectProvider<ClassHistogramSnapshotter> snapshots, ObjectProvider<SitesProperties> sites) {
		return new MemoryLeakWebEndpointExtension(endpoint, snapshots,
				sites.getIfAvailable(SitesProperties::new).getFrameworkPackages());
	}

}
