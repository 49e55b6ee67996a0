package dev.memleak.heap;

import java.lang.ref.WeakReference;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.memleak.core.FailureRecorder;
import dev.memleak.core.MemleakAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import jdk.jfr.FlightRecorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class LeakDetectionAutoConfigurationTests {

	@TempDir
	Path output;

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
				assertThat(context.getBean(DetectionSettings.class))
					.isEqualTo(new DetectionSettings(Duration.ofMinutes(2), 4, Duration.ofSeconds(30), 1024 * 1024,
							0.05, Duration.ofMillis(200), 4096, 3));
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
	}

	@Test
	void aWindowSetAloneDerivesMinDurationEvaluationIntervalAndMaxSamples() {
		this.contextRunner.withPropertyValues("memleak.detection.window=90s").run((context) -> {
			assertThat(context).hasNotFailed();
			DetectionSettings settings = context.getBean(DetectionSettings.class);
			assertThat(settings.minDuration()).isEqualTo(Duration.ofSeconds(30));
			assertThat(settings.evaluationInterval()).isEqualTo(Duration.ofMillis(1500));
			assertThat(settings.maxSamples()).isEqualTo(4096);
		});
		this.contextRunner.withPropertyValues("memleak.detection.window=10s")
			.run((context) -> assertThat(context.getBean(DetectionSettings.class).evaluationInterval())
				.isEqualTo(Duration.ofMillis(166)));
		this.contextRunner.withPropertyValues("memleak.detection.window=24h")
			.run((context) -> assertThat(context.getBean(DetectionSettings.class)).satisfies((settings) -> {
				assertThat(settings.minDuration()).isEqualTo(Duration.ofMinutes(10));
				assertThat(settings.evaluationInterval()).isEqualTo(Duration.ofSeconds(30));
				assertThat(settings.maxSamples()).isEqualTo(24 * 60 * 80);
				assertThat(context.getBean(LiveSetTracker.class).series().capacity()).isEqualTo(24 * 60 * 80);
			}));
		this.contextRunner.run((context) -> assertThat(context.getBean(DetectionSettings.class))
			.isEqualTo(DetectionSettings.defaults())
			.isEqualTo(new DetectionSettings(Duration.ofMinutes(30), 8, Duration.ofMinutes(10), 8L * 1024 * 1024, 0.01,
					Duration.ofSeconds(30), 4096, 3)));
	}

	@Test
	void minSamplesSetAloneRaisesTheDerivedMaxSamples() {
		this.contextRunner.withPropertyValues("memleak.detection.min-samples=5000")
			.run((context) -> assertThat(context.getBean(DetectionSettings.class).maxSamples()).isEqualTo(5000));
	}

	@Test
	void contradictingPropertiesFailStartupNamingBoth() {
		assertFailure(List.of("memleak.detection.window=5m", "memleak.detection.min-duration=10m"),
				"memleak.detection.min-duration (PT10M) must not exceed memleak.detection.window (PT5M)");
		assertFailure(List.of("memleak.detection.window=5m", "memleak.detection.evaluation-interval=6m"),
				"memleak.detection.evaluation-interval (PT6M) must not exceed memleak.detection.window (PT5M)");
		assertFailure(List.of("memleak.detection.min-samples=20", "memleak.detection.max-samples=16"),
				"memleak.detection.min-samples (20) must not exceed memleak.detection.max-samples (16)");
	}

	@Test
	void contradictingPropertiesFailStartupAlsoWhenTheUserDefinesTheDetectorBeans() {
		this.contextRunner.withUserConfiguration(UserMonitor.class, UserSettings.class)
			.withPropertyValues("memleak.detection.min-samples=20", "memleak.detection.max-samples=16")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining(
						"memleak.detection.min-samples (20) must not exceed " + "memleak.detection.max-samples (16)"));
	}

	@Test
	void aUserDefinedSettingsBeanReachesTheTrackerAndTheMonitor() {
		this.contextRunner.withUserConfiguration(UserSettings.class).run((context) -> {
			assertThat(context.getBean(DetectionSettings.class)).isSameAs(context.getBean("userSettings"));
			assertThat(context.getBean(LiveSetTracker.class).series().capacity()).isEqualTo(64);
		});
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
	void g1MarkingCyclesAreWatchedWithoutJfrInThisJvm() {
		boolean notified = ManagementFactory.getGarbageCollectorMXBeans()
			.stream()
			.anyMatch((bean) -> bean.getName().equals("G1 Concurrent GC"));
		int recordings = FlightRecorder.getFlightRecorder().getRecordings().size();
		this.contextRunner.run((context) -> {
			LiveSetTracker tracker = context.getBean(LiveSetTracker.class);
			// JDK 20 and later report each cycle; JDK 17 to 19 need the pause counter.
			assertThat(tracker.cycleSource()).isEqualTo(notified ? "notifications" : "pause counter");
			assertThat(FlightRecorder.getFlightRecorder().getRecordings()).hasSize(recordings);
		});
	}

	@Test
	void onJdk17G1MarkingCyclesAreWatchedThroughThePauseCounterWithoutJfr() throws Exception {
		// On a JDK 17 in every test pass: this JVM on the JDK 17 pass, a child JVM on
		// the JDK 25 pass.
		assertThat(Jdk17Child.run(this.output, List.of("-XX:+UseG1GC"), AutoConfiguredCycleSourceProbe.class))
			.contains("source pause counter", "cycle events true", "jfr initialized false");
		assertThat(Jdk17Child.run(this.output, List.of("-XX:+UseG1GC"), AutoConfiguredCycleSourceProbe.class,
				"memleak.detection.jfr-cycle-events=false"))
			.contains("source pause counter", "cycle events true", "jfr initialized false");
	}

	@Test
	void onJdk17WithoutThePauseCounterJfrWaitsForTheJvmToWarmUp() throws Exception {
		assertThat(Jdk17Child.run(this.output, List.of("-XX:+UseG1GC", "-XX:-UsePerfData"),
				AutoConfiguredCycleSourceProbe.class))
			.contains("source jfr pending", "cycle events false", "jfr initialized false");
		assertThat(Jdk17Child.run(this.output, List.of("-XX:+UseG1GC", "-XX:-UsePerfData"),
				AutoConfiguredCycleSourceProbe.class, "memleak.detection.jfr-cycle-events=false"))
			.contains("source none", "cycle events false", "jfr initialized false");
	}

	private void assertFailure(String property, String name, String message) {
		this.contextRunner.withPropertyValues(property)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining(name)
				.hasMessageContaining(message));
	}

	private void assertFailure(List<String> properties, String message) {
		this.contextRunner.withPropertyValues(properties.toArray(String[]::new))
			.run((context) -> assertThat(context).getFailure().rootCause().hasMessageContaining(message));
	}

	static class UserSettings {

		@org.springframework.context.annotation.Bean
		DetectionSettings userSettings() {
			return DetectionSettings.builder().window(Duration.ofMinutes(5)).maxSamples(64).build();
		}

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
