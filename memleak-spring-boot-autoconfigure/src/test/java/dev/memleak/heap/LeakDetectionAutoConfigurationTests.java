package dev.memleak.heap;

import java.lang.ref.WeakReference;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.memleak.core.FailureRecorder;
import dev.memleak.core.MemleakAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import jdk.jfr.FlightRecorder;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

class LeakDetectionAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
				SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
				MemleakAutoConfiguration.class, LeakDetectionAutoConfiguration.class));

	@Test
	void trackerMonitorAndMetricsAreCreatedByDefault() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(LiveSetTracker.class).hasSingleBean(LeakMonitor.class);
			assertThat(context.getBean(LiveSetTracker.class).listenerCount())
				.isEqualTo(ManagementFactory.getGarbageCollectorMXBeans().size());
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("memleak.leak.status").gauges()).hasSize(4);
			assertThat(registry.get("memleak.leak.status").tag("status", "UNKNOWN").gauge().value()).isEqualTo(1);
			assertThat(registry.get("memleak.leak.suspected").gauge().value()).isZero();
			assertThat(registry.get("memleak.heap.live").gauge().value()).isNaN();
			assertThat(registry.get("memleak.heap.growth").gauge().getId().getBaseUnit()).isEqualTo("bytes.per.second");
			assertThat(registry.get("memleak.heap.exhaustion").gauge().value()).isNaN();
			assertThat(registry.find("memleak.heap.growth.confidence").gauge()).isNotNull();
		});
	}

	@Test
	void detectionCanBeSwitchedOff() {
		this.contextRunner.withPropertyValues("memleak.detection.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(LiveSetTracker.class).doesNotHaveBean(LeakMonitor.class);
			assertThat(context.getBean(MeterRegistry.class).find("memleak.leak.status").gauges()).isEmpty();
		});
		this.contextRunner.withPropertyValues("memleak.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(LeakMonitor.class));
	}

	@Test
	void worksWithoutAMeterRegistry() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(MemleakAutoConfiguration.class, LeakDetectionAutoConfiguration.class))
			.run((context) -> assertThat(context).hasSingleBean(LeakMonitor.class).doesNotHaveBean(HeapMetrics.class));
	}

	@Test
	void backsOffToAUserMonitor() {
		this.contextRunner.withUserConfiguration(UserMonitor.class).run((context) -> {
			assertThat(context).hasSingleBean(LeakMonitor.class);
			assertThat(context.getBean(LeakMonitor.class)).isSameAs(context.getBean("userMonitor"));
		});
	}

	@Test
	void propertiesReachTheDetector() {
		this.contextRunner
			.withPropertyValues("memleak.detection.window=2m", "memleak.detection.min-samples=4",
					"memleak.detection.min-duration=30s", "memleak.detection.min-growth-per-hour=1MB",
					"memleak.detection.significance=0.05", "memleak.detection.evaluation-interval=200ms")
			.run((context) -> {
				DetectionSettings settings = context.getBean(DetectionProperties.class).toSettings();
				assertThat(settings).isEqualTo(
						new DetectionSettings(Duration.ofMinutes(2), 4, Duration.ofSeconds(30), 1024 * 1024, 0.05));
				LeakMonitor monitor = context.getBean(LeakMonitor.class);
				await().atMost(Duration.ofSeconds(10))
					.until(() -> !monitor.current().verdict().notes().contains("Leak detection has not run yet."));
			});
	}

	@Test
	void invalidValuesFailStartupNamingTheProperty() {
		assertFailure("memleak.detection.window=0s", "memleak.detection.window", "positive");
		assertFailure("memleak.detection.min-samples=2", "memleak.detection.min-samples", "at least 3");
		assertFailure("memleak.detection.significance=0.9", "memleak.detection.significance", "at most 0.5");
		assertFailure("memleak.detection.max-samples=3", "memleak.detection.max-samples", "between 16 and 1000000");
		assertFailure("memleak.detection.evaluation-interval=1ms", "memleak.detection.evaluation-interval",
				"at least 100ms");
		assertFailure("memleak.detection.max-attributed-workloads=0", "memleak.detection.max-attributed-workloads",
				"between 1 and 10");
		assertFailure("memleak.detection.min-growth-per-hour=-1MB", "memleak.detection.min-growth-per-hour",
				"must not be negative");
		this.contextRunner.withPropertyValues("memleak.detection.window=5m", "memleak.detection.min-duration=10m")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("memleak.detection.min-duration")
				.hasMessageContaining("memleak.detection.window"));
	}

	@Test
	void closingAHundredContextsLeavesNoListenerThreadOrContextBehind() {
		List<WeakReference<Object>> contexts = new ArrayList<>();
		List<WeakReference<Object>> trackers = new ArrayList<>();
		// Contexts other test classes cache (@SpringBootTest) keep their own detector
		// threads.
		long detectorThreadsBefore = detectorThreads();
		for (int i = 0; i < 100; i++) {
			this.contextRunner
				.withPropertyValues("memleak.detection.jfr-cycle-events=false",
						"memleak.detection.evaluation-interval=100ms")
				.run((context) -> {
					LiveSetTracker tracker = context.getBean(LiveSetTracker.class);
					assertThat(tracker.listenerCount()).isPositive();
					contexts.add(new WeakReference<>(context.getSourceApplicationContext()));
					trackers.add(new WeakReference<>(tracker));
				});
		}
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			System.gc();
			assertThat(trackers).allMatch((reference) -> reference.get() == null);
			assertThat(contexts).allMatch((reference) -> reference.get() == null);
			assertThat(detectorThreads()).isLessThanOrEqualTo(detectorThreadsBefore);
		});
	}

	private static long detectorThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().equals("memleak-detector"))
			.count();
	}

	@Test
	void onJdk17G1MarkingCyclesAreWatchedThroughThePauseCounterWithoutJfr() {
		assumeThat(ManagementFactory.getGarbageCollectorMXBeans()).extracting((bean) -> bean.getName())
			.as("G1 without concurrent-cycle notifications (JDK 17 to 19)")
			.contains("G1 Young Generation")
			.doesNotContain("G1 Concurrent GC");
		int recordings = FlightRecorder.getFlightRecorder().getRecordings().size();
		this.contextRunner.run((context) -> {
			LiveSetTracker tracker = context.getBean(LiveSetTracker.class);
			assertThat(tracker.hasCycleEvents()).isTrue();
			assertThat(tracker.cycleSource()).isEqualTo("pause counter");
			assertThat(FlightRecorder.getFlightRecorder().getRecordings()).hasSize(recordings);
		});
		this.contextRunner.withPropertyValues("memleak.detection.jfr-cycle-events=false")
			.run((context) -> assertThat(context.getBean(LiveSetTracker.class).cycleSource())
				.isEqualTo("pause counter"));
	}

	private void assertFailure(String property, String name, String message) {
		this.contextRunner.withPropertyValues(property)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining(name)
				.hasMessageContaining(message));
	}

	static class UserMonitor {

		@org.springframework.context.annotation.Bean
		LeakMonitor userMonitor() {
			FloorSeries series = new FloorSeries(16);
			return LeakMonitor
				.builder(new LiveSetTracker(series, java.time.Clock.systemUTC(), new FailureRecorder(null)), series,
						DetectionSettings.defaults())
				.build();
		}

	}

}
