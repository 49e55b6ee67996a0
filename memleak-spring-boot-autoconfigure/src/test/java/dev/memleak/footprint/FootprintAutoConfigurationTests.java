package dev.memleak.footprint;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.memleak.core.FailureRecorder;
import dev.memleak.core.MemleakAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class FootprintAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
				SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
				MemleakAutoConfiguration.class, FootprintAutoConfiguration.class));

	@Test
	void monitorAndMetersAreCreatedByDefaultAndSampleAtStartup() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(FootprintMonitor.class).hasSingleBean(FootprintMetrics.class);
			assertThat(context.getBean(FootprintSettings.class)).isEqualTo(FootprintSettings.defaults());
			FootprintMonitor monitor = context.getBean(FootprintMonitor.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> monitor.current().samples() >= 1);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("memleak.process.resident").gauge().value()).isPositive();
			assertThat(registry.get("memleak.footprint.suspected").gauges()).hasSize(7)
				.allSatisfy((gauge) -> assertThat(gauge.value()).isZero());
			assertThat(registry.get("memleak.container.exhaustion").gauge().value()).isNaN();
		});
	}

	@Test
	void canBeSwitchedOff() {
		this.contextRunner.withPropertyValues("memleak.footprint.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(FootprintMonitor.class);
			assertThat(context.getBean(MeterRegistry.class).find("memleak.footprint.suspected").gauges()).isEmpty();
		});
		this.contextRunner.withPropertyValues("memleak.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(FootprintMonitor.class));
	}

	@Test
	void worksWithoutAMeterRegistry() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(MemleakAutoConfiguration.class, FootprintAutoConfiguration.class))
			.run((context) -> assertThat(context).hasSingleBean(FootprintMonitor.class)
				.doesNotHaveBean(FootprintMetrics.class));
	}

	@Test
	void backsOffToUserSettingsAndMonitor() {
		FootprintSettings custom = new FootprintSettings(Duration.ofSeconds(1), Duration.ofMinutes(1),
				Duration.ofSeconds(20), 10, Duration.ZERO, 0.05, 1024, 4096, 10, 5, 100, false);
		this.contextRunner.withBean(FootprintSettings.class, () -> custom)
			.run((context) -> assertThat(context.getBean(FootprintMonitor.class).settings()).isSameAs(custom));
		this.contextRunner
			.withBean("userMonitor", FootprintMonitor.class,
					() -> FootprintMonitor.create(FootprintSettings.defaults(), java.nio.file.Path.of("/"),
							new FailureRecorder(null), java.time.Clock.systemUTC()))
			.run((context) -> assertThat(context).hasSingleBean(FootprintMonitor.class).hasBean("userMonitor"));
	}

	@Test
	void propertiesReachTheSettings() {
		this.contextRunner.withPropertyValues("memleak.footprint.sample-interval=1s", "memleak.footprint.window=2m",
				"memleak.footprint.min-duration=30s", "memleak.footprint.min-samples=8",
				"memleak.footprint.warm-up=10s", "memleak.footprint.significance=0.05",
				"memleak.footprint.min-growth-per-hour=64MB", "memleak.footprint.min-code-cache-growth-per-hour=1GB",
				"memleak.footprint.min-thread-growth-per-hour=30", "memleak.footprint.max-thread-groups=7",
				"memleak.footprint.max-samples=200", "memleak.footprint.native-memory-tracking=false")
			.run((context) -> assertThat(context.getBean(FootprintSettings.class))
				.isEqualTo(new FootprintSettings(Duration.ofSeconds(1), Duration.ofMinutes(2), Duration.ofSeconds(30),
						8, Duration.ofSeconds(10), 0.05, 64L * 1024 * 1024, 1024L * 1024 * 1024, 30, 7, 200, false)));
	}

	@Test
	void aShortWindowAloneDerivesTheDefaultsThatDependOnIt() {
		// 1 minute at 15 s holds 4 samples; min-duration cannot exceed the window.
		this.contextRunner.withPropertyValues("memleak.footprint.window=1m").run((context) -> {
			FootprintSettings settings = context.getBean(FootprintSettings.class);
			assertThat(settings.minSamples()).isEqualTo(4);
			assertThat(settings.minDuration()).isEqualTo(Duration.ofMinutes(1));
		});
		this.contextRunner.withPropertyValues("memleak.footprint.sample-interval=5m")
			.run((context) -> assertThat(context.getBean(FootprintSettings.class).minSamples()).isEqualTo(6));
	}

	@Test
	void invalidValuesFailStartupNamingTheProperty() {
		assertFailure("memleak.footprint.sample-interval=10ms", "memleak.footprint.sample-interval", "at least 100ms");
		assertFailure("memleak.footprint.significance=0.9", "memleak.footprint.significance", "at most 0.5");
		assertFailure("memleak.footprint.max-thread-groups=0", "memleak.footprint.max-thread-groups",
				"between 1 and 200");
		assertFailure("memleak.footprint.min-growth-per-hour=-1MB", "memleak.footprint.min-growth-per-hour",
				"must not be negative");
		assertFailure("memleak.footprint.min-code-cache-growth-per-hour=-1MB",
				"memleak.footprint.min-code-cache-growth-per-hour", "must not be negative");
		assertFailure("memleak.footprint.warm-up=-1s", "memleak.footprint.warm-up", "must not be negative");
		assertFailure("memleak.footprint.min-samples=2", "memleak.footprint.min-samples", "at least 4");
	}

	@Test
	void contradictingValuesFailStartupNamingBoth() {
		assertFailure(List.of("memleak.footprint.window=5m", "memleak.footprint.min-samples=50"),
				"memleak.footprint.min-samples", "memleak.footprint.window");
		assertFailure(List.of("memleak.footprint.window=5m", "memleak.footprint.min-duration=10m"),
				"memleak.footprint.min-duration", "memleak.footprint.window");
		assertFailure(List.of("memleak.footprint.window=30s", "memleak.footprint.sample-interval=15s"),
				"memleak.footprint.window", "memleak.footprint.sample-interval");
		assertFailure(List.of("memleak.footprint.max-samples=10", "memleak.footprint.min-samples=12"),
				"memleak.footprint.max-samples", "memleak.footprint.min-samples");
	}

	@Test
	void closingAHundredContextsLeavesNoSamplingThreadOrContextBehind() {
		List<WeakReference<Object>> contexts = new ArrayList<>();
		Set<Thread> before = FootprintMonitorTests.samplingThreads();
		for (int i = 0; i < 100; i++) {
			this.contextRunner.withPropertyValues("memleak.footprint.sample-interval=100ms").run((context) -> {
				assertThat(FootprintMonitorTests.samplingThreads()).anyMatch((thread) -> !before.contains(thread));
				contexts.add(new WeakReference<>(context.getSourceApplicationContext()));
			});
		}
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			System.gc();
			assertThat(contexts).allMatch((reference) -> reference.get() == null);
			assertThat(before).containsAll(FootprintMonitorTests.samplingThreads());
		});
	}

	@Test
	void prometheusNamesAreTheContractsAndStayWithinTheSeriesBudget() throws Exception {
		String recorded = java.nio.file.Files.readString(Trees.nmt("jdk25-spring-boot.txt"));
		JvmFlags flags = JvmFlagsReader.read();
		JvmFlags tracked = new JvmFlags(flags.maxHeapBytes(), flags.maxHeapSet(), flags.maxRamPercentage(),
				flags.maxRamPercentageSet(), flags.maxDirectBytes(), flags.maxMetaspaceBytes(),
				flags.threadStackBytes(), flags.reservedCodeCacheBytes(), "summary", flags.collector());
		FootprintSettings settings = FootprintSettings.defaults();
		FootprintMonitor monitor = new FootprintMonitor(settings,
				new FootprintSampler.Readers(new CgroupMemoryReader(Trees.cgroup("v1-limited")),
						new ProcessMemoryReader(java.nio.file.Path.of("/")), new NativeMemoryReader(() -> recorded),
						new JvmMemoryReader(), new ThreadCensusReader(settings.maxThreadGroups())),
				tracked, new FailureRecorder(null), java.time.Clock.systemUTC());
		monitor.sample();
		PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		new FootprintMetrics(monitor).bindTo(registry);
		String scrape = registry.scrape();
		List<String> series = scrape.lines().filter((line) -> line.startsWith("memleak_")).toList();
		assertThat(series).hasSizeLessThanOrEqualTo(25);
		assertThat(series).extracting((line) -> line.substring(0, line.indexOf(' ')))
			.contains("memleak_process_resident_bytes", "memleak_container_usage_bytes",
					"memleak_container_working_set_bytes", "memleak_container_limit_bytes",
					"memleak_native_untracked_bytes", "memleak_container_exhaustion_seconds",
					"memleak_native_committed_bytes{category=\"thread\"}",
					"memleak_native_committed_bytes{category=\"rest\"}",
					"memleak_footprint_suspected{category=\"direct_buffers\"}",
					"memleak_footprint_suspected{category=\"untracked_native\"}");
		assertThat(scrape).contains("memleak_container_limit_bytes 5.36870912E8")
			.contains("memleak_native_committed_bytes{category=\"thread\"} " + (double) (3365 * 1024));
		// The NMT categories add up to NMT's total with the heap.
		NativeMemory nmt = monitor.latest().nativeMemory();
		double sum = registry.find("memleak.native.committed")
			.gauges()
			.stream()
			.mapToDouble(io.micrometer.core.instrument.Gauge::value)
			.sum();
		assertThat(sum + nmt.committed("Java Heap")).isEqualTo(nmt.committedBytes());
	}

	private void assertFailure(String property, String name, String message) {
		assertFailure(List.of(property), name, message);
	}

	private void assertFailure(List<String> properties, String name, String message) {
		this.contextRunner.withPropertyValues(properties.toArray(new String[0]))
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining(name)
				.hasMessageContaining(message));
	}

}
