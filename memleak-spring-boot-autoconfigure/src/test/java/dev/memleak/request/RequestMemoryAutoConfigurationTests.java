package dev.memleak.request;

import dev.memleak.core.MemleakAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.server.WebFilter;

import static org.assertj.core.api.Assertions.assertThat;

class RequestMemoryAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MemleakAutoConfiguration.class, RequestMemoryAutoConfiguration.class))
		.withBean(SimpleMeterRegistry.class);

	private final WebApplicationContextRunner actuatorContextRunner = this.contextRunner
		.withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class, WebEndpointAutoConfiguration.class));

	private final ReactiveWebApplicationContextRunner reactiveContextRunner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MemleakAutoConfiguration.class, RequestMemoryAutoConfiguration.class))
		.withBean(SimpleMeterRegistry.class);

	@Test
	void filterAndRecorderAreCreatedByDefault() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(RequestAllocationRecorder.class);
			assertThat(context).hasBean("memleakRequestFilter");
			FilterRegistrationBean<?> registration = context.getBean("memleakRequestFilter",
					FilterRegistrationBean.class);
			assertThat(registration.getFilter()).isInstanceOf(RequestMemoryFilter.class);
			assertThat(registration.getOrder()).isEqualTo(new RequestMemoryProperties().getFilterOrder());
		});
	}

	@Test
	void aServletApplicationGetsTheServletFilterOnly() {
		this.contextRunner.run((context) -> {
			assertThat(context.getBean("memleakRequestFilter")).isInstanceOf(FilterRegistrationBean.class);
			assertThat(context).doesNotHaveBean(WebFilter.class);
		});
	}

	@Test
	void aReactiveApplicationWithoutTheServletApiGetsTheWebFilter() {
		this.reactiveContextRunner.withClassLoader(new FilteredClassLoader("jakarta.servlet")).run((context) -> {
			assertThat(context).hasSingleBean(RequestAllocationRecorder.class);
			assertThat(context.getBean("memleakRequestFilter")).isInstanceOf(ReactiveRequestMemoryFilter.class);
			assertThat(context.getBean(ReactiveRequestMemoryFilter.class).getOrder())
				.isEqualTo(new RequestMemoryProperties().getFilterOrder());
			assertThat(context).doesNotHaveBean(FilterRegistrationBean.class);
		});
	}

	@Test
	void aReactiveApplicationWithTheServletApiOnTheClasspathStillGetsTheWebFilter() {
		this.reactiveContextRunner.run((context) -> {
			assertThat(context).hasSingleBean(ReactiveRequestMemoryFilter.class);
			assertThat(context).doesNotHaveBean(FilterRegistrationBean.class);
		});
	}

	@Test
	void theReactiveFilterBacksOffWhenSwitchedOffOrDefinedByTheUser() {
		this.reactiveContextRunner.withPropertyValues("memleak.request.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(WebFilter.class)
				.doesNotHaveBean(RequestAllocationRecorder.class));
		this.reactiveContextRunner
			.withBean("memleakRequestFilter", WebFilter.class, () -> (exchange, chain) -> chain.filter(exchange))
			.run((context) -> assertThat(context).doesNotHaveBean(ReactiveRequestMemoryFilter.class));
	}

	@Test
	void theReactiveFilterBacksOffWithoutWebFlux() {
		this.reactiveContextRunner
			.withClassLoader(new FilteredClassLoader(org.springframework.web.reactive.HandlerMapping.class))
			.run((context) -> assertThat(context).doesNotHaveBean("memleakRequestFilter"));
	}

	@Test
	void withoutTheActuatorNothingIsExcludedByDefault() {
		this.contextRunner.run((context) -> assertThat(context.getBean(RequestSettings.class).exclude()).isEmpty());
	}

	@Test
	void theActuatorIsExcludedAtItsBasePath() {
		this.actuatorContextRunner.run((context) -> assertThat(context.getBean(RequestSettings.class).exclude())
			.containsExactly("/actuator/**"));
		this.actuatorContextRunner.withPropertyValues("management.endpoints.web.base-path=/manage/")
			.run((context) -> assertThat(context.getBean(RequestSettings.class).exclude())
				.containsExactly("/manage/**"));
	}

	@Test
	void theActuatorIsExcludedUnderTheDispatcherServletPath() {
		this.actuatorContextRunner.withPropertyValues("spring.mvc.servlet.path=/api")
			.run((context) -> assertThat(context.getBean(RequestSettings.class).exclude())
				.containsExactly("/api/actuator/**"));
	}

	@Test
	void withTheActuatorAtTheRootEachEndpointIsExcluded() {
		this.actuatorContextRunner.withUserConfiguration(TestEndpointConfiguration.class)
			.withPropertyValues("management.endpoints.web.base-path=/",
					"management.endpoints.web.exposure.include=memleaktest")
			.run((context) -> assertThat(context.getBean(RequestSettings.class).exclude())
				.containsExactly("/memleaktest/**"));
	}

	@Test
	void aReactiveApplicationExcludesTheActuatorOnItsOwnPortToo() {
		this.reactiveContextRunner
			.withConfiguration(
					AutoConfigurations.of(EndpointAutoConfiguration.class, WebEndpointAutoConfiguration.class))
			.withPropertyValues("server.port=8080", "management.server.port=8081")
			.run((context) -> assertThat(context.getBean(RequestSettings.class).exclude())
				.containsExactly("/actuator/**"));
	}

	@Test
	void aServletApplicationWithTheActuatorOnItsOwnPortExcludesNothing() {
		this.actuatorContextRunner.withPropertyValues("server.port=8080", "management.server.port=8081")
			.run((context) -> assertThat(context.getBean(RequestSettings.class).exclude()).isEmpty());
		this.actuatorContextRunner.withPropertyValues("management.server.port=-1")
			.run((context) -> assertThat(context.getBean(RequestSettings.class).exclude()).isEmpty());
	}

	@Test
	void anExclusionSetByTheUserIsKeptAsSet() {
		this.actuatorContextRunner
			.withPropertyValues("management.endpoints.web.base-path=/manage", "memleak.request.exclude=/internal/**")
			.run((context) -> assertThat(context.getBean(RequestSettings.class).exclude())
				.containsExactly("/internal/**"));
		this.actuatorContextRunner.withPropertyValues("memleak.request.exclude=")
			.run((context) -> assertThat(context.getBean(RequestSettings.class).exclude()).isEmpty());
	}

	@Test
	void masterSwitchTurnsEverythingOff() {
		this.contextRunner.withPropertyValues("memleak.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(RequestAllocationRecorder.class);
			assertThat(context).doesNotHaveBean("memleakRequestFilter");
		});
	}

	@Test
	void featureSwitchTurnsRequestMeasurementOff() {
		this.contextRunner.withPropertyValues("memleak.request.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(RequestAllocationRecorder.class);
			assertThat(context).doesNotHaveBean("memleakRequestFilter");
		});
	}

	@Test
	void nonWebApplicationHasNoFilter() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(MemleakAutoConfiguration.class, RequestMemoryAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean("memleakRequestFilter"));
	}

	@Test
	void backsOffWhenTheUserDefinesARecorder() {
		this.contextRunner.withUserConfiguration(UserRecorderConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(RequestAllocationRecorder.class);
			assertThat(context.getBean(RequestAllocationRecorder.class))
				.isSameAs(context.getBean(UserRecorderConfiguration.class).recorder);
		});
	}

	@Test
	void backsOffWhenTheUserDefinesTheFilterRegistration() {
		this.contextRunner.withUserConfiguration(UserFilterConfiguration.class)
			.run((context) -> assertThat(
					context.getBean("memleakRequestFilter", FilterRegistrationBean.class).getFilterName())
				.isEqualTo("userFilter"));
	}

	@Test
	void propertiesAreApplied() {
		this.contextRunner
			.withPropertyValues("memleak.request.sample-rate=0.25", "memleak.request.max-uri-tags=7",
					"memleak.request.exclude=/internal/**,/health", "memleak.request.filter-order=42")
			.run((context) -> {
				RequestSettings settings = context.getBean(RequestSettings.class);
				assertThat(settings.sampleRate()).isEqualTo(0.25);
				assertThat(settings.maxUriTags()).isEqualTo(7);
				assertThat(settings.exclude()).containsExactly("/internal/**", "/health");
				assertThat(context.getBean("memleakRequestFilter", FilterRegistrationBean.class).getOrder())
					.isEqualTo(42);
			});
	}

	@Test
	void sampleRateAboveOneFailsStartupNamingTheProperty() {
		this.contextRunner.withPropertyValues("memleak.request.sample-rate=1.5")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("memleak.request.sample-rate")
				.hasMessageContaining("between 0.0 and 1.0")
				.hasMessageContaining("1.5"));
	}

	@Test
	void negativeSampleRateFailsStartup() {
		this.contextRunner.withPropertyValues("memleak.request.sample-rate=-0.1")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("memleak.request.sample-rate"));
	}

	@Test
	void nonPositiveMaxUriTagsFailsStartup() {
		this.contextRunner.withPropertyValues("memleak.request.max-uri-tags=-3")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("memleak.request.max-uri-tags")
				.hasMessageContaining("at least 1"));
	}

	@Test
	void malformedExcludePatternFailsStartup() {
		this.contextRunner.withPropertyValues("memleak.request.exclude=/api/{oops")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("memleak.request.exclude")
				.hasMessageContaining("/api/{oops"));
	}

	@Test
	void relativeExcludePatternFailsStartup() {
		this.contextRunner.withPropertyValues("memleak.request.exclude=actuator/**")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("memleak.request.exclude")
				.hasMessageContaining("starting with '/'"));
	}

	@Test
	void worksWithoutAnyMeterRegistry() {
		new WebApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(MemleakAutoConfiguration.class, RequestMemoryAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).doesNotHaveBean(MeterRegistry.class);
				assertThat(context).hasSingleBean(RequestAllocationRecorder.class);
			});
	}

	@Test
	void backsOffWithoutMicrometer() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).doesNotHaveBean("memleakRequestFilter"));
	}

	@Test
	void backsOffWithoutSpringMvc() {
		this.contextRunner
			.withClassLoader(new FilteredClassLoader(org.springframework.web.servlet.HandlerMapping.class))
			.run((context) -> assertThat(context).doesNotHaveBean("memleakRequestFilter"));
	}

	@Configuration(proxyBeanMethods = false)
	static class TestEndpointConfiguration {

		@Bean
		TestEndpoint testEndpoint() {
			return new TestEndpoint();
		}

	}

	@Endpoint(id = "memleaktest")
	static class TestEndpoint {

		@ReadOperation
		String read() {
			return "ok";
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserRecorderConfiguration {

		final RequestAllocationRecorder recorder = new RequestAllocationRecorder(3, null);

		@Bean
		RequestAllocationRecorder userRecorder() {
			return this.recorder;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserFilterConfiguration {

		@Bean
		FilterRegistrationBean<jakarta.servlet.Filter> memleakRequestFilter() {
			FilterRegistrationBean<jakarta.servlet.Filter> registration = new FilterRegistrationBean<>(
					(request, response, chain) -> chain.doFilter(request, response));
			registration.setName("userFilter");
			return registration;
		}

	}

}
