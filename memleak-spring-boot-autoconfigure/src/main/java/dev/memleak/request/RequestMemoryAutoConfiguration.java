package dev.memleak.request;

import dev.memleak.allocation.AllocationCounter;
import dev.memleak.core.FailureRecorder;
import dev.memleak.core.MemleakAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Auto-configuration of per-request allocation measurement in servlet applications.
 *
 * @author memleak
 */
@AutoConfiguration(after = MemleakAutoConfiguration.class)
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass({ Filter.class, HandlerMapping.class })
@ConditionalOnBooleanProperty(name = "memleak.request.enabled", matchIfMissing = true)
@ConditionalOnBean({ FailureRecorder.class, AllocationCounter.class })
@EnableConfigurationProperties(RequestMemoryProperties.class)
public final class RequestMemoryAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RequestAllocationRecorder memleakRequestAllocationRecorder(RequestMemoryProperties properties,
			ObjectProvider<MeterRegistry> registry) {
		return new RequestAllocationRecorder(properties.getMaxUriTags(), registry.getIfAvailable());
	}

	@Bean
	@ConditionalOnMissingBean(name = "memleakRequestFilter")
	FilterRegistrationBean<RequestMemoryFilter> memleakRequestFilter(RequestAllocationRecorder recorder,
			AllocationCounter counter, FailureRecorder failures, RequestMemoryProperties properties) {
		RequestMemoryFilter filter = new RequestMemoryFilter(recorder, counter, failures, properties);
		FilterRegistrationBean<RequestMemoryFilter> registration = new FilterRegistrationBean<>(filter);
		registration.setName("memleakRequestFilter");
		registration.setOrder(properties.getFilterOrder());
		registration.setDispatcherTypes(DispatcherType.REQUEST);
		registration.setAsyncSupported(true);
		return registration;
	}

}
