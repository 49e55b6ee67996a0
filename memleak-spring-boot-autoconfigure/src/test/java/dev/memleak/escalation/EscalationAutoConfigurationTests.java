package dev.memleak.escalation;

import java.nio.file.Path;
import java.time.Duration;

import dev.memleak.core.FailureRecorder;
import dev.memleak.core.MemleakAutoConfiguration;
import dev.memleak.core.PauseBudget;
import dev.memleak.core.PauseBudgetAutoConfiguration;
import dev.memleak.heap.DetectionSettings;
import dev.memleak.heap.LeakDetectionAutoConfiguration;
import dev.memleak.heap.LiveSetTracker;
import dev.memleak.sites.SitesAutoConfiguration;
import dev.memleak.snapshot.SnapshotAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

class EscalationAutoConfigurationTests {

	@TempDir
	Path directory;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MemleakAutoConfiguration.class, PauseBudgetAutoConfiguration.class,
				LeakDetectionAutoConfiguration.class, SnapshotAutoConfiguration.class, SitesAutoConfiguration.class,
				EscalationAutoConfiguration.class))
		.withBean(SimpleMeterRegistry.class);

	@Test
	void escalationIsOnByDefaultIdleAndListensToCollections() {
		this.contextRunner.withPropertyValues("memleak.sites.directory=" + this.directory).run((context) -> {
			assertThat(context).hasSingleBean(EscalationMonitor.class).hasSingleBean(PauseBudget.class);
			EscalationSettings settings = context.getBean(EscalationSettings.class);
			assertThat(settings.onWatch()).isTrue();
			assertThat(settings.maxDuration()).isEqualTo(Duration.ofMinutes(10));
			assertThat(settings.minInterval()).isEqualTo(Duration.ofHours(1));
			assertThat(settings.sitesStableEmissions()).isEqualTo(3);
			assertThat(settings.sitesStopAfter()).isEqualTo(Duration.ofMinutes(10));
			assertThat(context.getBean(PauseBudget.class).perHour()).isEqualTo(Duration.ofSeconds(10));
			assertThat(context.getBean(EscalationMonitor.class).status().state())
				.isEqualTo(EscalationStatus.State.IDLE);
			assertThat(context.getBean(LiveSetTracker.class).series().listenerCount()).isOne();
		});
	}

	@Test
	void thePauseBudgetAndTheEscalationsErrorsAreMeters() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
					SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
					MemleakAutoConfiguration.class, PauseBudgetAutoConfiguration.class))
			.run((context) -> {
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.get("memleak.pause.budget").gauge().value()).isEqualTo(10.0);
				assertThat(registry.get("memleak.pause.spent").gauges()).hasSize(4);
				assertThat(registry.get("memleak.pause.refused").functionCounter().count()).isZero();
				assertThat(registry.get("memleak.errors").tag("component", "escalation").functionCounter().count())
					.isZero();
			});
	}

	@Test
	void closingTheContextStopsTheThreadAndRemovesTheListener() {
		this.contextRunner.withPropertyValues("memleak.sites.directory=" + this.directory).run((context) -> {
			LiveSetTracker tracker = context.getBean(LiveSetTracker.class);
			EscalationMonitor monitor = context.getBean(EscalationMonitor.class);
			assertThat(monitor.isStopped()).isFalse();
			context.close();
			assertThat(tracker.series().listenerCount()).isZero();
			await().atMost(Duration.ofSeconds(10)).until(monitor::isStopped);
		});
	}

	@Test
	void escalationCanBeSwitchedOffAndNeedsTheDetector() {
		this.contextRunner.withPropertyValues("memleak.escalation.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(EscalationMonitor.class));
		this.contextRunner.withPropertyValues("memleak.detection.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(EscalationMonitor.class));
	}

	@Test
	void propertiesAreApplied() {
		this.contextRunner
			.withPropertyValues("memleak.escalation.on-watch=false", "memleak.escalation.max-duration=20m",
					"memleak.escalation.min-interval=2h", "memleak.escalation.sites-stable-emissions=5",
					"memleak.escalation.sites-stop-after=30m", "memleak.pause-budget.per-hour=30s")
			.run((context) -> {
				EscalationSettings settings = context.getBean(EscalationSettings.class);
				assertThat(settings.onWatch()).isFalse();
				assertThat(settings.maxDuration()).isEqualTo(Duration.ofMinutes(20));
				assertThat(settings.minInterval()).isEqualTo(Duration.ofHours(2));
				assertThat(settings.sitesStableEmissions()).isEqualTo(5);
				assertThat(settings.sitesStopAfter()).isEqualTo(Duration.ofMinutes(30));
				assertThat(context.getBean(PauseBudget.class).perHour()).isEqualTo(Duration.ofSeconds(30));
			});
	}

	@Test
	void aMaxDurationSetAloneLongerThanAnHourDerivesTheMinimumInterval() {
		this.contextRunner.withPropertyValues("memleak.escalation.max-duration=2h")
			.run((context) -> assertThat(context.getBean(EscalationSettings.class).minInterval())
				.isEqualTo(Duration.ofHours(2)));
	}

	@Test
	void aMinimumIntervalShorterThanTheMaxDurationFailsNamingBoth() {
		this.contextRunner
			.withPropertyValues("memleak.escalation.max-duration=20m", "memleak.escalation.min-interval=10m")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessage("memleak.escalation.min-interval (PT10M) must be at least memleak.escalation.max-duration "
						+ "(PT20M): a second escalation never starts while one runs"));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> EscalationSettings.builder()
				.maxDuration(Duration.ofMinutes(20))
				.minInterval(Duration.ofMinutes(10))
				.build())
			.withMessageStartingWith("memleak.escalation.min-interval (PT10M) must be at least");
	}

	@Test
	void invalidValuesFailNamingThePropertyAndTheRange() {
		this.contextRunner.withPropertyValues("memleak.escalation.sites-stable-emissions=1")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessage("memleak.escalation.sites-stable-emissions must be between 2 and 100 (inclusive), but "
						+ "was 1"));
		this.contextRunner.withPropertyValues("memleak.escalation.max-duration=1s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessage("memleak.escalation.max-duration must be between 10s and 6h (inclusive), but was PT1S"));
		this.contextRunner.withPropertyValues("memleak.pause-budget.per-hour=2h")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessage("memleak.pause-budget.per-hour must be between 0s and 1h (inclusive), but was PT2H"));
	}

	@Test
	void backsOffToUserBeans() {
		this.contextRunner
			.withBean("userSettings", EscalationSettings.class,
					() -> EscalationSettings.builder().maxDuration(Duration.ofMinutes(3)).build())
			.withBean("userBudget", PauseBudget.class, PauseBudget::unlimited)
			.run((context) -> {
				assertThat(context).hasSingleBean(EscalationSettings.class).hasBean("userSettings");
				assertThat(context).hasSingleBean(PauseBudget.class).hasBean("userBudget");
				assertThat(context).hasSingleBean(EscalationMonitor.class);
			});
		this.contextRunner
			.withBean("userMonitor", EscalationMonitor.class,
					() -> new EscalationMonitor(
							Escalation.builder(EscalationSettings.defaults(), DetectionSettings.defaults(), () -> null),
							null, new FailureRecorder(null)))
			.run((context) -> assertThat(context).hasSingleBean(EscalationMonitor.class).hasBean("userMonitor"));
	}

	@Test
	void theEscalationWorksWithoutSnapshotsOrSites() {
		this.contextRunner.withPropertyValues("memleak.snapshot.enabled=false", "memleak.sites.enabled=false")
			.run((context) -> {
				EscalationStatus status = context.getBean(EscalationMonitor.class).escalation().status();
				assertThat(status.histograms().phase()).isEqualTo(EscalationStatus.Phase.UNAVAILABLE);
				assertThat(status.sites().phase()).isEqualTo(EscalationStatus.Phase.UNAVAILABLE);
			});
	}

}
