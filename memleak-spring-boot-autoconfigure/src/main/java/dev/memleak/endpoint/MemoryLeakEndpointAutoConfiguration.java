package dev.memleak.endpoint;

import dev.memleak.core.FailureRecorder;
import dev.memleak.core.MemleakAutoConfiguration;
import dev.memleak.request.RequestAllocationRecorder;
import dev.memleak.request.RequestMemoryAutoConfiguration;
import dev.memleak.snapshot.ClassHistogramSnapshotter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
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
@AutoConfiguration(after = { MemleakAutoConfiguration.class, RequestMemoryAutoConfiguration.class })
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean(FailureRecorder.class)
@ConditionalOnAvailableEndpoint(MemoryLeakEndpoint.class)
public final class MemoryLeakEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	MemoryLeakEndpoint memoryLeakEndpoint(ObjectProvider<RequestAllocationRecorder> requests,
			ObjectProvider<ClassHistogramSnapshotter> snapshots, FailureRecorder failures) {
		return new MemoryLeakEndpoint(requests, snapshots, failures);
	}

}
