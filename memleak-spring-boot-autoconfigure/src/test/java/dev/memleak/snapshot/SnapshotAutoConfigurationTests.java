package dev.memleak.snapshot;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import dev.memleak.core.FailureRecorder;
import dev.memleak.core.MemleakAutoConfiguration;
import dev.memleak.core.PauseBudget;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

class SnapshotAutoConfigurationTests {

	private static final ClassHistogramSource FAKE_SOURCE = (mode) -> Histograms
		.format(List.of(new ClassCount("java.lang.String", 1, 24)));

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MemleakAutoConfiguration.class, SnapshotAutoConfiguration.class))
		.withBean(SimpleMeterRegistry.class);

	@Test
	void snapshotsAreScheduledByDefaultAfterTheInitialDelay() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(ClassHistogramSnapshotter.class).hasSingleBean(SnapshotScheduler.class);
			assertThat(context.getBean(ClassHistogramSource.class))
				.isInstanceOf(DiagnosticCommandHistogramSource.class);
			SnapshotSettings settings = context.getBean(SnapshotSettings.class);
			assertThat(settings.interval()).isEqualTo(Duration.ofHours(1));
			assertThat(settings.jitter()).isEqualTo(Duration.ofMinutes(5));
			assertThat(settings.mode()).isEqualTo(SnapshotMode.LIVE);
			assertThat(settings.suspectMinShare()).isEqualTo(0.01);
			assertThat(context.getBean(SnapshotScheduler.class).nextRun())
				.isAfter(Instant.now().plus(Duration.ofMinutes(14)))
				.isBefore(Instant.now().plus(Duration.ofMinutes(21)));
			assertThat(context.getBean(ClassHistogramSnapshotter.class).history()).isEmpty();
		});
	}

	@Test
	void propertiesAreApplied() {
		this.contextRunner
			.withPropertyValues("memleak.snapshot.interval=2h", "memleak.snapshot.initial-delay=1m",
					"memleak.snapshot.jitter=0s", "memleak.snapshot.mode=all",
					"memleak.snapshot.max-heap-for-forced-gc=512MB", "memleak.snapshot.top-classes=50",
					"memleak.snapshot.history-size=10", "memleak.snapshot.suspect-min-snapshots=5",
					"memleak.snapshot.suspect-meters=3", "memleak.snapshot.suspect-min-growth=1MB",
					"memleak.snapshot.suspect-min-share=0.05")
			.run((context) -> {
				SnapshotSettings settings = context.getBean(SnapshotSettings.class);
				assertThat(settings.interval()).isEqualTo(Duration.ofHours(2));
				assertThat(settings.jitter()).isZero();
				assertThat(settings.mode()).isEqualTo(SnapshotMode.ALL);
				assertThat(settings.maxHeapForForcedGcBytes()).isEqualTo(512L * 1024 * 1024);
				assertThat(settings.topClasses()).isEqualTo(50);
				assertThat(settings.historySize()).isEqualTo(10);
				assertThat(settings.suspectMinSnapshots()).isEqualTo(5);
				assertThat(settings.suspectMeters()).isEqualTo(3);
				assertThat(settings.suspectMinGrowthBytes()).isEqualTo(1024L * 1024);
				assertThat(settings.suspectMinShare()).isEqualTo(0.05);
				assertThat(context.getBean(ClassHistogramSnapshotter.class).suspectMinShare()).isEqualTo(0.05);
				assertThat(context.getBean(SnapshotScheduler.class).nextRun())
					.isBefore(Instant.now().plus(Duration.ofMinutes(1)));
			});
	}

	@Test
	void featureSwitchTurnsSnapshotsOff() {
		this.contextRunner.withPropertyValues("memleak.snapshot.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ClassHistogramSnapshotter.class)
				.doesNotHaveBean(SnapshotScheduler.class)
				.doesNotHaveBean(ClassHistogramSource.class));
	}

	@Test
	void masterSwitchTurnsSnapshotsOff() {
		this.contextRunner.withPropertyValues("memleak.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ClassHistogramSnapshotter.class)
				.doesNotHaveBean(SnapshotScheduler.class));
	}

	@Test
	void backsOffWhenTheUserDefinesAHistogramSource() {
		this.contextRunner.withBean("userSource", ClassHistogramSource.class, () -> FAKE_SOURCE).run((context) -> {
			assertThat(context).hasSingleBean(ClassHistogramSource.class).hasBean("userSource");
			HeapSnapshot snapshot = context.getBean(ClassHistogramSnapshotter.class)
				.takeSnapshot(SnapshotTrigger.ON_DEMAND);
			assertThat(snapshot.classes()).containsExactly(new ClassCount("java.lang.String", 1, 24));
		});
	}

	@Test
	void backsOffWhenTheUserDefinesASnapshotter() {
		this.contextRunner
			.withBean("userSnapshotter", ClassHistogramSnapshotter.class,
					() -> new ClassHistogramSnapshotter(FAKE_SOURCE, SnapshotSettings.defaults(), Clock.systemUTC(),
							new FailureRecorder(null), null, PauseBudget.unlimited()))
			.run((context) -> {
				assertThat(context).hasSingleBean(ClassHistogramSnapshotter.class).hasBean("userSnapshotter");
				assertThat(context).hasSingleBean(SnapshotScheduler.class);
			});
	}

	@Test
	void anIntervalSetAloneDerivesItsJitter() {
		this.contextRunner.withPropertyValues("memleak.snapshot.interval=15s", "memleak.snapshot.initial-delay=0s")
			.run((context) -> {
				assertThat(context.getBean(SnapshotSettings.class).jitter()).isEqualTo(Duration.ofMillis(1250));
				assertThat(context.getBean(SnapshotScheduler.class).nextRun())
					.isBefore(Instant.now().plus(Duration.ofSeconds(2)));
			});
	}

	@Test
	void aJitterLongerThanTheIntervalFailsStartupNamingBoth() {
		this.contextRunner.withPropertyValues("memleak.snapshot.interval=15s", "memleak.snapshot.jitter=5m")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageStartingWith(
						"memleak.snapshot.jitter (PT5M) must not exceed memleak.snapshot.interval (PT15S)"));
	}

	@Test
	void userDefinedSettingsGetTheSameRules() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> SnapshotSettings.builder().historySize(5).suspectMinSnapshots(6).build())
			.withMessageContaining("memleak.snapshot.suspect-min-snapshots (6)")
			.withMessageContaining("memleak.snapshot.history-size (5)");
		this.contextRunner
			.withBean("userSettings", SnapshotSettings.class,
					() -> SnapshotSettings.builder().interval(Duration.ofSeconds(20)).build())
			.run((context) -> {
				assertThat(context).hasSingleBean(SnapshotSettings.class).hasBean("userSettings");
				assertThat(context.getBean(SnapshotSettings.class).jitter())
					.isEqualTo(Duration.ofSeconds(20).dividedBy(12));
			});
	}

	@Test
	void closingTheContextStopsTheSnapshotThread() {
		AtomicReference<Thread> snapshotThread = new AtomicReference<>();
		ClassHistogramSource source = (mode) -> {
			snapshotThread.set(Thread.currentThread());
			return FAKE_SOURCE.classHistogram(mode);
		};
		this.contextRunner.withPropertyValues("memleak.snapshot.initial-delay=0s", "memleak.snapshot.jitter=0s")
			.withBean(ClassHistogramSource.class, () -> source)
			.run((context) -> {
				SnapshotScheduler scheduler = context.getBean(SnapshotScheduler.class);
				await().atMost(Duration.ofSeconds(10)).until(() -> snapshotThread.get() != null);
				context.close();
				assertThat(scheduler.nextRun()).isNull();
				await().atMost(Duration.ofSeconds(10)).until(() -> !snapshotThread.get().isAlive());
			});
	}

	@Test
	void tooShortIntervalFailsStartupNamingTheProperty() {
		this.contextRunner.withPropertyValues("memleak.snapshot.interval=500ms")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("memleak.snapshot.interval must be at least 1s"));
	}

	@Test
	void outOfRangeTopClassesFailsStartupNamingThePropertyAndRange() {
		this.contextRunner.withPropertyValues("memleak.snapshot.top-classes=0")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessage("memleak.snapshot.top-classes must be between 1 and 10000 (inclusive), but was 0"));
	}

	@Test
	void outOfRangeSuspectMinShareFailsStartupNamingThePropertyAndRange() {
		for (String share : new String[] { "0.6", "-0.01", "NaN" }) {
			this.contextRunner.withPropertyValues("memleak.snapshot.suspect-min-share=" + share)
				.run((context) -> assertThat(context).getFailure()
					.rootCause()
					.hasMessage("memleak.snapshot.suspect-min-share must be between 0 and 0.5 (inclusive; 0 turns "
							+ "the rule off), but was " + Double.parseDouble(share)));
		}
		this.contextRunner.withPropertyValues("memleak.snapshot.suspect-min-share=0.5")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void negativeJitterFailsStartup() {
		this.contextRunner.withPropertyValues("memleak.snapshot.jitter=-1s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("memleak.snapshot.jitter must not be negative"));
	}

	@Test
	void moreSuspectSnapshotsThanHistoryFailsStartupNamingBothProperties() {
		this.contextRunner
			.withPropertyValues("memleak.snapshot.history-size=5", "memleak.snapshot.suspect-min-snapshots=6")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("memleak.snapshot.suspect-min-snapshots (6)")
				.hasMessageContaining("memleak.snapshot.history-size (5)"));
	}

	@Test
	void worksWithoutAnyMeterRegistry() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(MemleakAutoConfiguration.class, SnapshotAutoConfiguration.class))
			.withBean(ClassHistogramSource.class, () -> FAKE_SOURCE)
			.run((context) -> {
				assertThat(context).doesNotHaveBean(MeterRegistry.class);
				assertThat(context.getBean(ClassHistogramSnapshotter.class)
					.takeSnapshot(SnapshotTrigger.ON_DEMAND)
					.status()).isEqualTo(SnapshotStatus.COMPLETED);
			});
	}

	@Test
	void backsOffWithoutMicrometer() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ClassHistogramSnapshotter.class));
	}

}
