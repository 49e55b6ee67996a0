package dev.memleak.endpoint;

import dev.memleak.core.FailureRecorder;
import dev.memleak.core.MemleakAutoConfiguration;
import dev.memleak.heap.LeakStatus;
import dev.memleak.request.RequestMemoryAutoConfiguration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.core.ResolvableType;

import static org.assertj.core.api.Assertions.assertThat;

class MemoryLeakEndpointAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(EndpointAutoConfiguration.class, MemleakAutoConfiguration.class,
				RequestMemoryAutoConfiguration.class, MemoryLeakEndpointAutoConfiguration.class))
		.withBean(SimpleMeterRegistry.class);

	@Test
	void endpointIsCreatedWhenExposed() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=memoryleak").run((context) -> {
			assertThat(context).hasSingleBean(MemoryLeakEndpoint.class);
			MemoryLeakReport report = context.getBean(MemoryLeakEndpoint.class).report();
			assertThat(report.status()).isEqualTo(LeakStatus.UNKNOWN);
			assertThat(report.requests()).isEmpty();
			assertThat(report.heap().maxBytes()).isEqualTo(Runtime.getRuntime().maxMemory());
		});
	}

	@Test
	void endpointIsAvailableOverJmxWhenExposedThere() {
		this.contextRunner
			.withPropertyValues("spring.jmx.enabled=true", "management.endpoints.jmx.exposure.include=memoryleak")
			.run((context) -> assertThat(context).hasSingleBean(MemoryLeakEndpoint.class));
	}

	@Test
	void endpointIsNotCreatedUnlessExposed() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(MemoryLeakEndpoint.class));
	}

	@Test
	void endpointIsNotCreatedWhenAccessIsNone() {
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=memoryleak",
					"management.endpoint.memoryleak.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(MemoryLeakEndpoint.class));
	}

	@Test
	void endpointIsNotCreatedWhenMemleakIsOff() {
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=memoryleak", "memleak.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(MemoryLeakEndpoint.class));
	}

	@Test
	void endpointIsNotCreatedWithoutActuator() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=memoryleak")
			.withClassLoader(new FilteredClassLoader(Endpoint.class))
			.run((context) -> {
				assertThat(context).doesNotHaveBean(MemoryLeakEndpoint.class);
				assertThat(context).hasBean("memleakRequestFilter");
			});
	}

	@Test
	void backsOffWhenTheUserDefinesTheEndpoint() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=memoryleak")
			.withBean("userEndpoint", MemoryLeakEndpoint.class,
					() -> new MemoryLeakEndpoint(empty(), empty(), empty(), empty(), empty(), empty(), empty(),
							new FailureRecorder(null), empty(), empty()))
			.run((context) -> assertThat(context).hasSingleBean(MemoryLeakEndpoint.class).hasBean("userEndpoint"));
	}

	@Test
	void reportSaysRequestMeasurementIsOff() {
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=memoryleak", "memleak.request.enabled=false")
			.run((context) -> assertThat(context.getBean(MemoryLeakEndpoint.class).report().notes())
				.anyMatch((note) -> note.contains("memleak.request.enabled")));
	}

	private static <T> ObjectProvider<T> empty() {
		return new DefaultListableBeanFactory().getBeanProvider(ResolvableType.forClass(Object.class));
	}

}
