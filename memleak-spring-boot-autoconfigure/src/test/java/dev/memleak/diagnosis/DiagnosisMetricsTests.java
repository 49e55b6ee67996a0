package dev.memleak.diagnosis;

import java.time.Instant;
import java.util.List;

import dev.memleak.core.MemleakAutoConfiguration;
import dev.memleak.diagnosis.GrowingClasses.FixedSites;
import dev.memleak.sites.LeakSite;
import dev.memleak.sites.LeakSiteSampler;
import dev.memleak.sites.SitesAutoConfiguration;
import dev.memleak.snapshot.ClassHistogramSnapshotter;
import dev.memleak.snapshot.ClassHistogramSource;
import dev.memleak.snapshot.SnapshotAutoConfiguration;
import dev.memleak.snapshot.SnapshotStatus;
import dev.memleak.snapshot.SnapshotTrigger;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code memleak.diagnosis.leak} series: one at most, naming the top leak's class,
 * site and workload, replaced when the top leak changes and removed when none is left.
 */
class DiagnosisMetricsTests {

	private static final String ORDER_SITE_FRAME = "com.example.Orders.add(Orders.java:12)";

	private final GrowingClasses histograms = new GrowingClasses("com.example.Order");

	private static final LeakSite ORDER_SITE = new LeakSite("com.example.Order",
			List.of(ORDER_SITE_FRAME, "... 20 more"), 40, 30, true, Instant.parse("2026-01-01T00:00:00Z"), List.of(),
			ORDER_SITE_FRAME);

	private final FixedSites sites = new FixedSites(List.of(ORDER_SITE));

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class, MemleakAutoConfiguration.class,
				SnapshotAutoConfiguration.class, SitesAutoConfiguration.class, DiagnosisAutoConfiguration.class))
		.withBean(PrometheusMeterRegistry.class, () -> new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))
		.withBean(ClassHistogramSource.class, () -> this.histograms)
		.withBean(LeakSiteSampler.class, () -> this.sites)
		// 'all': the fake histograms must not be skipped when the test JVM's heap is
		// large.
		.withPropertyValues("memleak.sites.enabled=true", "memleak.snapshot.mode=all",
				"memleak.diagnosis.refresh-interval=1h");

	@Test
	void theTopLeakIsOneSeriesNamingItsClassSiteAndWorkload() {
		this.contextRunner.run((context) -> {
			PrometheusMeterRegistry registry = context.getBean(PrometheusMeterRegistry.class);
			DiagnosisMetrics metrics = context.getBean(DiagnosisMetrics.class);
			this.histograms.grow(null);
			this.sites.set(List.of());
			snapshots(context.getBean(ClassHistogramSnapshotter.class), 4);
			metrics.refresh();
			assertThat(registry.find(DiagnosisMetrics.LEAK).gauges()).isEmpty();
			this.histograms.grow("com.example.Order");
			this.sites.set(List.of(ORDER_SITE));
			snapshots(context.getBean(ClassHistogramSnapshotter.class), 4);
			// The class's confidence: the sign test of the intervals between the
			// snapshots it grew in (0.88 for 3 of 3; more when other snapshots count
			// too).
			double confidence = context.getBean(LeakDiagnostician.class)
				.diagnose()
				.leaks()
				.get(0)
				.leakingClass()
				.confidence();
			metrics.refresh();
			Gauge leak = registry.get(DiagnosisMetrics.LEAK).gauge();
			assertThat(registry.find(DiagnosisMetrics.LEAK).gauges()).hasSize(1);
			assertThat(leak.getId().getTag("class")).isEqualTo("com.example.Order");
			assertThat(leak.getId().getTag("site")).isEqualTo(ORDER_SITE_FRAME);
			assertThat(leak.getId().getTag("workload")).isEqualTo("none");
			assertThat(confidence).isGreaterThanOrEqualTo(0.88);
			assertThat(leak.value()).isEqualTo(confidence);
			assertThat(registry.scrape()).contains("memleak_diagnosis_leak{class=\"com.example.Order\",site=\""
					+ ORDER_SITE_FRAME + "\",workload=\"none\"} " + confidence);
		});
	}

	@Test
	void whenTheTopLeakChangesTheOldSeriesGoesAndWhenNoneIsLeftNoSeriesRemains() {
		this.contextRunner.run((context) -> {
			PrometheusMeterRegistry registry = context.getBean(PrometheusMeterRegistry.class);
			DiagnosisMetrics metrics = context.getBean(DiagnosisMetrics.class);
			ClassHistogramSnapshotter snapshotter = context.getBean(ClassHistogramSnapshotter.class);
			snapshots(snapshotter, 4);
			metrics.refresh();
			this.histograms.grow("com.example.Invoice");
			this.sites.set(List.of());
			snapshots(snapshotter, 4);
			metrics.refresh();
			// Four snapshots suffice alone; in a JVM shared with other test classes the
			// suspect now and then needs one more: bounded by snapshots, not time.
			for (int more = 0; more < 8 && registry.find(DiagnosisMetrics.LEAK).gauges().isEmpty(); more++) {
				snapshots(snapshotter, 1);
				metrics.refresh();
			}
			assertThat(registry.find(DiagnosisMetrics.LEAK).gauges()).singleElement().satisfies((gauge) -> {
				assertThat(gauge.getId().getTag("class")).isEqualTo("com.example.Invoice");
				assertThat(gauge.getId().getTag("site")).isEqualTo("unknown");
				assertThat(gauge.getId().getTag("workload")).isEqualTo("unknown");
			});
			this.histograms.grow(null);
			snapshots(snapshotter, 4);
			metrics.refresh();
			assertThat(registry.find(DiagnosisMetrics.LEAK).gauges()).isEmpty();
		});
	}

	private static void snapshots(ClassHistogramSnapshotter snapshotter, int count) {
		// Completed ones: a snapshot asked for while another runs is BUSY, not taken.
		int taken = 0;
		for (int attempt = 0; taken < count && attempt < 1000; attempt++) {
			if (snapshotter.takeSnapshot(SnapshotTrigger.ON_DEMAND).status() == SnapshotStatus.COMPLETED) {
				taken++;
			}
		}
		assertThat(taken).as("completed snapshots").isEqualTo(count);
	}

}
