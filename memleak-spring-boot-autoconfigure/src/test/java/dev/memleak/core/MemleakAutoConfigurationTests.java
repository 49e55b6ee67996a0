package dev.memleak.core;

import dev.memleak.allocation.AllocationCounter;
import dev.memleak.allocation.ThreadAllocationCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class MemleakAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MemleakAutoConfiguration.class))
		.withBean(SimpleMeterRegistry.class);

	@Test
	void sharedBeansAreCreatedByDefault() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(FailureRecorder.class);
			assertThat(context).getBean(AllocationCounter.class).isInstanceOf(ThreadAllocationCounter.class);
		});
	}

	@Test
	void nothingIsCreatedWhenDisabled() {
		this.contextRunner.withPropertyValues("memleak.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(FailureRecorder.class);
			assertThat(context).doesNotHaveBean(AllocationCounter.class);
		});
	}

	@Test
	void backsOffToAUserAllocationCounter() {
		AllocationCounter user = () -> 42;
		this.contextRunner.withBean(AllocationCounter.class, () -> user)
			.run((context) -> assertThat(context.getBean(AllocationCounter.class)).isSameAs(user));
	}

	@Test
	void failuresAreCountedInTheRegistry() {
		this.contextRunner.run((context) -> {
			context.getBean(FailureRecorder.class).record("request", new IllegalStateException("test"));
			assertThat(context.getBean(MeterRegistry.class)
				.get("memleak.errors")
				.tag("component", "request")
				.functionCounter()
				.count()).isEqualTo(1);
		});
	}

	@Test
	void everyComponentHasAnErrorSeriesFromStartup() {
		this.contextRunner.run((context) -> {
			assertThat(context.getBean(MeterRegistry.class).get("memleak.errors").functionCounters())
				.extracting((counter) -> counter.getId().getTag("component"))
				.containsExactlyInAnyOrderElementsOf(FailureRecorder.COMPONENTS);
			assertThat(context.getBean(FailureRecorder.class).counts()).isEmpty();
		});
	}

	@Test
	void backsOffWithoutMicrometer() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).doesNotHaveBean(FailureRecorder.class));
	}

}
