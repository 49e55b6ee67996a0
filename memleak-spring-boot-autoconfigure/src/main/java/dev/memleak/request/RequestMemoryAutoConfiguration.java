package dev.memleak.request;

import dev.memleak.allocation.AllocationCounter;
import dev.memleak.core.FailureRecorder;
import dev.memleak.core.MemleakAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties;
import org.springframework.boot.actuate.endpoint.web.PathMappedEndpoints;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.server.WebFilter;

/**
 * Auto-configuration of per-request allocation measurement: a servlet filter in servlet
 * applications, a {@link WebFilter} in WebFlux applications.
 *
 * @author memleak
 */
@AutoConfiguration(after = MemleakAutoConfiguration.class,
		afterName = "org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration")
@ConditionalOnWebApplication
@ConditionalOnBooleanProperty(name = "memleak.request.enabled", matchIfMissing = true)
@ConditionalOnBean({ FailureRecorder.class, AllocationCounter.class })
@EnableConfigurationProperties(RequestMemoryProperties.class)
public final class RequestMemoryAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RequestSettings memleakRequestSettings(RequestMemoryProperties properties,
			ObjectProvider<ActuatorExclusions> actuator) {
		return RequestSettings.of(properties, actuator.getIfAvailable(ActuatorExclusions::none).paths());
	}

	@Bean
	@ConditionalOnMissingBean
	RequestAllocationRecorder memleakRequestAllocationRecorder(RequestSettings settings,
			ObjectProvider<MeterRegistry> registry) {
		return new RequestAllocationRecorder(settings.maxUriTags(), registry.getIfAvailable());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.SERVLET)
	@ConditionalOnClass({ Filter.class, org.springframework.web.servlet.HandlerMapping.class })
	static class ServletFilterConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "memleakRequestFilter")
		FilterRegistrationBean<RequestMemoryFilter> memleakRequestFilter(RequestAllocationRecorder recorder,
				AllocationCounter counter, FailureRecorder failures, RequestSettings settings) {
			RequestMemoryFilter filter = new RequestMemoryFilter(recorder, counter, failures, settings);
			FilterRegistrationBean<RequestMemoryFilter> registration = new FilterRegistrationBean<>(filter);
			registration.setName("memleakRequestFilter");
			registration.setOrder(settings.filterOrder());
			registration.setDispatcherTypes(DispatcherType.REQUEST);
			registration.setAsyncSupported(true);
			return registration;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.REACTIVE)
	@ConditionalOnClass({ WebFilter.class, org.springframework.web.reactive.HandlerMapping.class, Mono.class })
	static class ReactiveFilterConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "memleakRequestFilter")
		ReactiveRequestMemoryFilter memleakRequestFilter(RequestAllocationRecorder recorder, AllocationCounter counter,
				FailureRecorder failures, RequestSettings settings) {
			return new ReactiveRequestMemoryFilter(recorder, counter, failures, settings);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType")
	@ConditionalOnBean(type = "org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties")
	static class ActuatorExclusionsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		ActuatorExclusions memleakActuatorExclusions(Environment environment, WebEndpointProperties endpoints,
				ObjectProvider<PathMappedEndpoints> paths, ApplicationContext context) {
			return ActuatorPaths.exclusions(environment, endpoints, paths, context instanceof WebApplicationContext);
		}

	}

}
