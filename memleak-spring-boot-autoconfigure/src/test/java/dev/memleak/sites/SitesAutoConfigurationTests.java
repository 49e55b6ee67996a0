package dev.memleak.sites;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import dev.memleak.core.FailureRecorder;
import dev.memleak.core.MemleakAutoConfiguration;
import dev.memleak.core.PauseBudget;
import dev.memleak.heap.LeakDetectionAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SitesAutoConfigurationTests {

	@TempDir
	Path directory;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MemleakAutoConfiguration.class, LeakDetectionAutoConfiguration.class,
				SitesAutoConfiguration.class))
		.withBean(SimpleMeterRegistry.class);

	@Test
	void leakSitesAreOnByDefaultAndWaitForASuspectedLeakWithoutRecording() {
		this.contextRunner.withPropertyValues("memleak.sites.directory=" + this.directory).run((context) -> {
			assertThat(context).hasSingleBean(LeakSiteMonitor.class).hasSingleBean(HeapDumpTaker.class);
			assertThat(context.getBean(OldObjectRecorder.class)).isInstanceOf(JfrOldObjectRecorder.class);
			assertThat(context.getBean(HeapDumper.class)).isInstanceOf(HotSpotHeapDumper.class);
			LeakSiteSampler sampler = context.getBean(LeakSiteSampler.class);
			assertThat(sampler.status()).isEqualTo(RecordingStatus.WAITING);
			assertThat(JfrRecordings.memleakRecordings()).isZero();
			SitesSettings settings = context.getBean(SitesSettings.class);
			assertThat(settings.recordingStart()).isEqualTo(SitesSettings.RecordingStart.WHEN_SUSPECTED);
			assertThat(settings.emissionInterval()).isEqualTo(Duration.ofMinutes(1));
			assertThat(settings.pathToGcRoots()).isFalse();
			assertThat(settings.heapDump().onSuspected()).isFalse();
			assertThat(SitesSettings.defaults().directory())
				.isEqualTo(Path.of(System.getProperty("java.io.tmpdir"), "memleak"));
			assertThat(context.getBean(LeakSiteMonitor.class).report().notes())
				.anySatisfy((note) -> assertThat(note).contains("waits, sampling nothing, until a leak is suspected"));
			assertThat(Thread.getAllStackTraces().keySet())
				.noneMatch((thread) -> thread.getName().equals("memleak-sites"));
		});
	}

	@Test
	void jfrIsInitializedAtStartupOnlyWhenToldToAndTheWaitingNoteSaysSo() {
		assertThat(SitesSettings.defaults().initializeJfrAtStartup()).isFalse();
		this.contextRunner.withPropertyValues("memleak.sites.directory=" + this.directory).run((context) -> {
			assertThat(context.getBean(SitesSettings.class).initializeJfrAtStartup()).isFalse();
			assertThat(waitingNote(context.getBean(LeakSiteMonitor.class)))
				.doesNotContain("JDK Flight Recorder was initialized at startup");
		});
		this.contextRunner
			.withPropertyValues("memleak.sites.directory=" + this.directory,
					"memleak.sites.initialize-jfr-at-startup=true")
			.run((context) -> {
				assertThat(context.getBean(SitesSettings.class).initializeJfrAtStartup()).isTrue();
				assertThat(waitingNote(context.getBean(LeakSiteMonitor.class)))
					.contains("JDK Flight Recorder was initialized at startup");
			});
		this.contextRunner.withPropertyValues("memleak.sites.initialize-jfr-at-startup=sometimes")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("Failed to bind properties under 'memleak.sites.initialize-jfr-at-startup'")
				.hasStackTraceContaining("Invalid boolean value 'sometimes'"));
	}

	private static String waitingNote(LeakSiteMonitor monitor) {
		return monitor.notes()
			.stream()
			.filter((note) -> note.startsWith("The old-object recording waits"))
			.findFirst()
			.orElseThrow();
	}

	@Test
	void featureSwitchTurnsLeakSitesOff() {
		this.contextRunner.withPropertyValues("memleak.sites.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(LeakSiteSampler.class)
				.doesNotHaveBean(LeakSiteMonitor.class)
				.doesNotHaveBean(HeapDumpTaker.class)
				.doesNotHaveBean(OldObjectRecorder.class));
	}

	@Test
	void gatheringStartsTheRecordingAndEmitsUntilStoppedAndStoppingTheRecordingEndsIt() {
		enabled().withPropertyValues("memleak.sites.emission-interval=1s").run((context) -> {
			LeakSiteMonitor monitor = context.getBean(LeakSiteMonitor.class);
			assertThat(monitor.startGathering()).isTrue();
			assertThat(monitor.status()).isEqualTo(RecordingStatus.RECORDING);
			assertThat(JfrRecordings.memleakRecordings()).isOne();
			await().atMost(Duration.ofSeconds(10)).until(() -> monitor.lastEmission() != null);
			assertThat(monitor.lastEmission().trigger()).isEqualTo(SitesTrigger.ESCALATION);
			monitor.stopGathering();
			assertThat(monitor.isGathering()).isFalse();
			assertThat(monitor.nextEmissionAt()).isNull();
			assertThat(monitor.status()).isEqualTo(RecordingStatus.RECORDING);
			monitor.stopRecording();
			assertThat(monitor.status()).isEqualTo(RecordingStatus.WAITING);
			assertThat(JfrRecordings.memleakRecordings()).isZero();
		});
	}

	@Test
	void recordingCanStartWithTheApplicationAndClosingTheContextStopsItAndDeletesItsFiles() {
		enabled().withPropertyValues("memleak.sites.start-when-suspected=false", "memleak.sites.emission-interval=1s")
			.run((context) -> {
				LeakSiteSampler sampler = context.getBean(LeakSiteSampler.class);
				assertThat(sampler.status()).isEqualTo(RecordingStatus.RECORDING);
				await().atMost(Duration.ofSeconds(10)).until(() -> sampler.lastEmission() != null);
				assertThat(sampler.lastEmission().trigger()).isEqualTo(SitesTrigger.SCHEDULED);
				assertThat(sampler.lastEmission().status()).isEqualTo(EmissionStatus.COMPLETED);
				assertThat(this.directory).isNotEmptyDirectory();
				context.close();
				assertThat(sampler.status()).isEqualTo(RecordingStatus.STOPPED);
				assertThat(JfrRecordings.memleakRecordings()).isZero();
				assertThat(this.directory).isEmptyDirectory();
				await().atMost(Duration.ofSeconds(10))
					.until(() -> Thread.getAllStackTraces()
						.keySet()
						.stream()
						.noneMatch((thread) -> thread.getName().equals("memleak-sites")));
			});
	}

	@Test
	void propertiesAreApplied() {
		enabled()
			.withPropertyValues("memleak.sites.emission-interval=0", "memleak.sites.path-to-gc-roots=true",
					"memleak.sites.path-to-gc-roots-cutoff=250ms", "memleak.sites.top-sites=3",
					"memleak.sites.max-frames=5", "memleak.sites.framework-packages=com.acme.framework.",
					"memleak.sites.heap-dump.directory=/var/dumps", "memleak.sites.heap-dump.min-interval=2h",
					"memleak.sites.heap-dump.max-disk=10GB", "memleak.sites.heap-dump.live=false")
			.run((context) -> {
				SitesSettings settings = context.getBean(SitesSettings.class);
				assertThat(settings.emissionInterval()).isZero();
				assertThat(settings.effectiveCutoff()).isEqualTo(Duration.ofMillis(250));
				assertThat(settings.topSites()).isEqualTo(3);
				assertThat(settings.maxFrames()).isEqualTo(5);
				assertThat(settings.frameworkPackages()).containsExactly("com.acme.framework.");
				assertThat(settings.directory()).isEqualTo(this.directory);
				assertThat(settings.heapDump().directory()).isEqualTo(Path.of("/var/dumps"));
				assertThat(settings.heapDump().minInterval()).isEqualTo(Duration.ofHours(2));
				assertThat(settings.heapDump().maxDiskBytes()).isEqualTo(10L * 1024 * 1024 * 1024);
				assertThat(settings.heapDump().live()).isFalse();
			});
	}

	@Test
	void invalidValuesFailStartupNamingThePropertyAndTheRange() {
		assertFailure("memleak.sites.emission-interval=500ms",
				"memleak.sites.emission-interval must be 0 (on demand only) or at least 1s, but was PT0.5S");
		assertFailure("memleak.sites.top-sites=0",
				"memleak.sites.top-sites must be between 1 and 100 (inclusive), but was 0");
		assertFailure("memleak.sites.max-frames=65",
				"memleak.sites.max-frames must be between 1 and 64 (inclusive), but was 65");
		assertFailure("memleak.sites.path-to-gc-roots-cutoff=0s",
				"memleak.sites.path-to-gc-roots-cutoff must be between 1ms and 1m (inclusive), but was PT0S");
		assertFailure("memleak.sites.heap-dump.max-disk=0B",
				"memleak.sites.heap-dump.max-disk must be positive, but was 0B");
		assertFailure("memleak.sites.heap-dump.min-interval=0s",
				"memleak.sites.heap-dump.min-interval must be at least 1s, but was PT0S");
		enabled().withPropertyValues("memleak.sites.heap-dump.on-suspected=true")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageStartingWith("memleak.sites.heap-dump.directory must be set when "
						+ "memleak.sites.heap-dump.on-suspected=true"));
	}

	@Test
	void waitingForASuspectedLeakWithDetectionOffFailsNamingBoth() {
		enabled().withPropertyValues("memleak.sites.start-when-suspected=true", "memleak.detection.enabled=false")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageStartingWith("memleak.sites.start-when-suspected=true waits for a suspected leak, but "
						+ "memleak.detection.enabled=false: nothing would ever start the recording"));
		enabled().withPropertyValues("memleak.sites.start-when-suspected=true", "memleak.escalation.enabled=false")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageStartingWith("memleak.sites.start-when-suspected=true waits for a suspected leak, but "
						+ "memleak.escalation.enabled=false"));
	}

	@Test
	void withDetectionOffTheRecordingStartsOnDemandOnlyAndSaysSo() {
		enabled().withPropertyValues("memleak.detection.enabled=false").run((context) -> {
			assertThat(context.getBean(SitesSettings.class).recordingStart())
				.isEqualTo(SitesSettings.RecordingStart.ON_DEMAND);
			assertThat(context.getBean(LeakSiteMonitor.class).notes()).anySatisfy((note) -> assertThat(note)
				.startsWith("The old-object recording starts only on POST /actuator/memoryleak/sites"));
		});
		enabled().withPropertyValues("memleak.escalation.enabled=false")
			.run((context) -> assertThat(context.getBean(SitesSettings.class).recordingStart())
				.isEqualTo(SitesSettings.RecordingStart.ON_DEMAND));
	}

	@Test
	void heapDumpsOnSuspectedWithDetectionOffFailNamingBoth() {
		enabled()
			.withPropertyValues("memleak.sites.heap-dump.on-suspected=true",
					"memleak.sites.heap-dump.directory=" + this.directory, "memleak.detection.enabled=false")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessage("memleak.sites.heap-dump.on-suspected=true waits for a suspected leak, but "
						+ "memleak.detection.enabled=false: no heap dump would ever be written"));
	}

	@Test
	void backsOffToUserBeans() {
		OldObjectRecorder recorder = (cutoff) -> {
			throw new IllegalStateException("user recorder");
		};
		enabled().withBean("userRecorder", OldObjectRecorder.class, () -> recorder).run((context) -> {
			assertThat(context).hasSingleBean(OldObjectRecorder.class).hasBean("userRecorder");
			assertThat(context.getBean(LeakSiteSampler.class).emit(SitesTrigger.ON_DEMAND).note())
				.contains("user recorder");
		});
		enabled()
			.withBean("userSampler", LeakSiteSampler.class,
					() -> new LeakSiteSampler(null, null, SitesSettings.defaults(), Clock.systemUTC(),
							new FailureRecorder(null), null, PauseBudget.unlimited()))
			.run((context) -> {
				assertThat(context).hasSingleBean(LeakSiteSampler.class).hasBean("userSampler");
				assertThat(context.getBean(LeakSiteMonitor.class).report().status())
					.isEqualTo(RecordingStatus.UNAVAILABLE);
			});
	}

	@Test
	void withoutJfrClassesLeakSitesAreUnavailableWithANote() {
		enabled().withClassLoader(new FilteredClassLoader("jdk.jfr")).run((context) -> {
			assertThat(context).doesNotHaveBean(OldObjectRecorder.class);
			SitesReport report = context.getBean(LeakSiteMonitor.class).report();
			assertThat(report.status()).isEqualTo(RecordingStatus.UNAVAILABLE);
			assertThat(report.notes())
				.containsExactly("JDK Flight Recorder (module jdk.jfr) is missing: leak sites cannot be recorded.");
		});
	}

	@Test
	void withoutTheLeakDetectorNoSiteIsALeakSite() {
		enabled().withPropertyValues("memleak.detection.enabled=false")
			.run((context) -> assertThat(context.getBean(LeakSiteMonitor.class).notes())
				.anySatisfy((note) -> assertThat(note).startsWith("Leak detection is off")));
	}

	@Test
	void backsOffWithoutMicrometerOrWhenMemleakIsOff() {
		enabled().withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).doesNotHaveBean(LeakSiteSampler.class));
		enabled().withPropertyValues("memleak.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(LeakSiteSampler.class));
	}

	private ApplicationContextRunner enabled() {
		return this.contextRunner.withPropertyValues("memleak.sites.directory=" + this.directory);
	}

	private void assertFailure(String property, String message) {
		enabled().withPropertyValues(property)
			.run((context) -> assertThat(context).getFailure().rootCause().hasMessage(message));
	}

}
