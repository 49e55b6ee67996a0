package dev.memleak.diagnosis;

import java.time.Duration;
import java.util.List;

import dev.memleak.core.MemleakAutoConfiguration;
import dev.memleak.heap.LeakDetectionAutoConfiguration;
import dev.memleak.snapshot.SnapshotAutoConfiguration;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class DiagnosisAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MemleakAutoConfiguration.class, LeakDetectionAutoConfiguration.class,
				SnapshotAutoConfiguration.class, DiagnosisAutoConfiguration.class))
		.withBean(SimpleMeterRegistry.class);

	@Test
	void diagnosisIsCreatedByDefaultWithTheEscalationsEvidenceAndTheSeries() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(LeakDiagnostician.class)
				.hasSingleBean(DiagnosisMetrics.class)
				.hasSingleBean(MvcHandlerRoutes.class)
				.hasSingleBean(WebFluxHandlerRoutes.class);
			assertThat(context.getBean(EvidenceSchedule.class)).isInstanceOf(EscalationEvidence.class);
			Diagnosis diagnosis = context.getBean(LeakDiagnostician.class).diagnose();
			assertThat(diagnosis.state()).isEqualTo(DiagnosisState.NONE);
			assertThat(diagnosis.summary()).isEqualTo("Diagnosis: no leak to diagnose (status UNKNOWN).");
		});
	}

	@Test
	void anEscalationsScheduleReplacesTheScheduledOne() {
		EvidenceSchedule escalation = (now) -> List
			.of(new PendingEvidence(DiagnosisPart.CLASS, "Burst: 2 of 4 histograms.", now.plusSeconds(90)));
		this.contextRunner.withBean(EvidenceSchedule.class, () -> escalation)
			.run((context) -> assertThat(context.getBean(EvidenceSchedule.class)).isSameAs(escalation));
	}

	@Test
	void nothingIsCreatedWhenMemleakIsOff() {
		this.contextRunner.withPropertyValues("memleak.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(LeakDiagnostician.class)
				.doesNotHaveBean(DiagnosisMetrics.class));
	}

	@Test
	void withoutSpringMvcOrWebFluxThereAreNoHandlerRoutesAndTheDiagnosisStillWorks() {
		this.contextRunner
			.withClassLoader(new FilteredClassLoader(RequestMappingInfoHandlerMapping.class,
					org.springframework.web.reactive.result.method.RequestMappingInfoHandlerMapping.class))
			.run((context) -> {
				assertThat(context).doesNotHaveBean(MvcHandlerRoutes.class).doesNotHaveBean(WebFluxHandlerRoutes.class);
				assertThat(context.getBean(LeakDiagnostician.class).diagnose().state()).isEqualTo(DiagnosisState.NONE);
			});
	}

	@Test
	void invalidBoundsFailStartupNamingTheProperty() {
		this.contextRunner.withPropertyValues("memleak.diagnosis.max-leaks=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("memleak.diagnosis.max-leaks must be between 1 and 20"));
		this.contextRunner.withPropertyValues("memleak.diagnosis.refresh-interval=10ms")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("memleak.diagnosis.refresh-interval must be at least 100ms"));
	}

	@Test
	void propertiesReachTheBeans() {
		this.contextRunner.withPropertyValues("memleak.diagnosis.max-leaks=7", "memleak.diagnosis.refresh-interval=2s")
			.run((context) -> {
				DiagnosisProperties properties = context.getBean(DiagnosisProperties.class);
				assertThat(properties.getMaxLeaks()).isEqualTo(7);
				assertThat(properties.getRefreshInterval()).isEqualTo(Duration.ofSeconds(2));
			});
	}

	@Test
	void theRefreshThreadRunsWithTheContextAndStopsWhenItCloses() {
		// Other tests' contexts in the same JVM may have their own: only this context's
		// thread counts.
		java.util.List<Thread> before = refreshThreads();
		this.contextRunner.withPropertyValues("memleak.diagnosis.refresh-interval=100ms").run((context) -> {
			DiagnosisMetrics metrics = context.getBean(DiagnosisMetrics.class);
			assertThat(metrics.isRunning()).isTrue();
			java.util.List<Thread> ours = refreshThreads();
			ours.removeAll(before);
			assertThat(ours).isNotEmpty();
			context.close();
			assertThat(metrics.isRunning()).isFalse();
			await().atMost(Duration.ofSeconds(10)).until(() -> ours.stream().noneMatch(Thread::isAlive));
		});
	}

	private static java.util.List<Thread> refreshThreads() {
		return new java.util.ArrayList<>(Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().equals("memleak-diagnosis") && thread.isAlive())
			.toList());
	}

}
