package dev.memleak.sites;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import dev.memleak.core.FailureRecorder;
import dev.memleak.core.PauseBudget;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jdk.jfr.consumer.RecordingStream;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real JFR old-object recording in this JVM: objects retained by a method of this test
 * are reported at that method, and the recording leaves nothing behind.
 */
class JfrLeakSitesTests {

	private static final List<Object> RETAINED = new ArrayList<>();

	/** Emissions a check may take: a few suffice on an idle machine. */
	private static final int EMISSION_BUDGET = 60;

	/** Wall-clock limit against a wait that makes no progress (or hangs). */
	private static final Duration SAFETY_LIMIT = Duration.ofMinutes(5);

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final AtomicReference<Instant> lastOldCollection = new AtomicReference<>();

	@TempDir
	Path directory;

	@AfterEach
	void release() {
		synchronized (RETAINED) {
			RETAINED.clear();
		}
	}

	@Test
	void objectsRetainedAcrossOldCollectionsAreALeakSiteAtTheMethodThatAllocatedThem() throws Exception {
		try (LeakSiteSampler sampler = sampler(SitesSettings.builder()); Garbage garbage = Garbage.start()) {
			assertThat(garbage.isRunning()).isTrue();
			assertThat(sampler.startRecording()).isTrue();
			assertThat(sampler.status()).isEqualTo(RecordingStatus.RECORDING);
			retainFor(Duration.ofMillis(400));
			// Stand-ins for the old-generation collections the leak detector observes.
			this.lastOldCollection.set(Instant.now());
			retainFor(Duration.ofMillis(400));
			assertThat(sampler.emit(SitesTrigger.ON_DEMAND).status()).isEqualTo(EmissionStatus.COMPLETED);
			this.lastOldCollection.set(Instant.now());
			retainFor(Duration.ofMillis(200));
			// JFR samples only some allocations: until one retained between the last two
			// collections the sampler observed is sampled, keep retaining and collecting.
			withinEmissions(() -> {
				retainFor(Duration.ofMillis(100));
				this.lastOldCollection.set(Instant.now());
				SitesEmission emission = sampler.emit(SitesTrigger.ON_DEMAND);
				assertThat(emission.status()).isEqualTo(EmissionStatus.COMPLETED);
				assertThat(emission.sites()).filteredOn(LeakSite::leak)
					.anySatisfy((site) -> assertThat(site.stackTrace()).first()
						.asString()
						.startsWith("dev.memleak.sites.JfrLeakSitesTests.retain(JfrLeakSitesTests.java:"));
			});
			assertThat(sampler.sites()).first().satisfies((site) -> {
				assertThat(site.leak()).isTrue();
				assertThat(site.retained()).isPositive();
				assertThat(site.referenceChain()).isEmpty();
			});
			assertThat(this.registry.get(LeakSiteSampler.EMISSION_DURATION).tag("outcome", "SUCCESS").timer().count())
				.isGreaterThanOrEqualTo(2);
		}
	}

	@Test
	void aRecordingWhoseSamplesHoldNoLeakSiteSaysWhyWithTheJvmsDefaultQueue() throws Exception {
		try (LeakSiteSampler sampler = sampler(new JfrOldObjectRecorder(), SitesSettings.builder());
				Garbage garbage = Garbage.start()) {
			assertThat(garbage.isRunning()).isTrue();
			sampler.startRecording();
			assertThat(sampler.sparseSamplesNote()).as("before any emission").isNull();
			this.lastOldCollection.set(Instant.now());
			Thread.sleep(100);
			withinEmissions(() -> {
				this.lastOldCollection.set(Instant.now());
				assertThat(sampler.emit(SitesTrigger.ON_DEMAND).status()).isEqualTo(EmissionStatus.COMPLETED);
				assertThat(sampler.sparseSamplesNote()).startsWith("The last emission held ")
					.contains(" sampled objects, none at a leak site: the JVM keeps 256 old-object samples (its "
							+ "default)")
					.endsWith("Start the JVM with -XX:FlightRecorderOptions:old-object-queue-size=1024 "
							+ "(docs/sites.md).");
				assertThat(sampler.notes()).contains(sampler.sparseSamplesNote());
			});
		}
	}

	@Test
	void aRecordingWithTheRecommendedQueueSizeGetsNoNoteOnSparseSamples() throws Exception {
		JfrOldObjectRecorder jfr = new JfrOldObjectRecorder();
		OldObjectRecorder recommended = new OldObjectRecorder() {

			@Override
			public OldObjectRecording start(Duration cutoff) {
				return jfr.start(cutoff);
			}

			@Override
			public int queueSize() {
				return LeakSiteSampler.RECOMMENDED_QUEUE_SIZE;
			}

		};
		try (LeakSiteSampler sampler = sampler(recommended, SitesSettings.builder());
				Garbage garbage = Garbage.start()) {
			assertThat(garbage.isRunning()).isTrue();
			sampler.startRecording();
			this.lastOldCollection.set(Instant.now());
			assertThat(sampler.emit(SitesTrigger.ON_DEMAND).status()).isEqualTo(EmissionStatus.COMPLETED);
			Thread.sleep(100);
			this.lastOldCollection.set(Instant.now());
			SitesEmission emission = sampler.emit(SitesTrigger.ON_DEMAND);
			assertThat(emission.status()).isEqualTo(EmissionStatus.COMPLETED);
			assertThat(emission.samples() * 8).as("sparse samples").isLessThan(LeakSiteSampler.RECOMMENDED_QUEUE_SIZE);
			assertThat(emission.sites()).noneMatch(LeakSite::leak);
			assertThat(sampler.sparseSamplesNote()).isNull();
		}
	}

	@Test
	void pathToGcRootsNamesTheStaticFieldThatHoldsTheObjects() throws Exception {
		try (LeakSiteSampler sampler = sampler(SitesSettings.builder().pathToGcRoots(true, Duration.ofSeconds(1)));
				Garbage garbage = Garbage.start()) {
			assertThat(garbage.isRunning()).isTrue();
			sampler.startRecording();
			retainFor(Duration.ofMillis(500));
			withinEmissions(() -> assertThat(sampler.emit(SitesTrigger.ON_DEMAND).sites())
				.filteredOn((site) -> site.stackTrace().get(0).contains("JfrLeakSitesTests.retain("))
				.anySatisfy((site) -> assertThat(site.referenceChain())
					.contains("dev.memleak.sites.JfrLeakSitesTests.RETAINED (static)")
					.anyMatch((line) -> line.startsWith("GC root: "))));
		}
	}

	@Test
	void closingStopsTheRecordingAndDeletesItsFiles() throws Exception {
		LeakSiteSampler sampler = sampler(SitesSettings.builder());
		sampler.startRecording();
		assertThat(JfrRecordings.memleakRecordings()).isEqualTo(1);
		assertThat(sampler.emit(SitesTrigger.ON_DEMAND).status()).isEqualTo(EmissionStatus.COMPLETED);
		try (Stream<Path> files = Files.list(this.directory)) {
			// The private directory stays for the next emissions, empty.
			assertThat(files).singleElement().satisfies((dir) -> assertThat(dir).isEmptyDirectory());
		}
		sampler.close();
		assertThat(JfrRecordings.memleakRecordings()).isZero();
		assertThat(sampler.status()).isEqualTo(RecordingStatus.STOPPED);
		assertThat(this.directory).isEmptyDirectory();
		assertThat(sampler.emit(SitesTrigger.ON_DEMAND).status()).isEqualTo(EmissionStatus.UNAVAILABLE);
		assertThat(sampler.startRecording()).isFalse();
	}

	@Test
	void coexistsWithAJfrStreamOfGarbageCollectionsAsTheLeakDetectorRunsOnJdk17() throws Exception {
		AtomicInteger collections = new AtomicInteger();
		try (RecordingStream stream = new RecordingStream()) {
			stream.enable("jdk.GarbageCollection");
			stream.onEvent("jdk.GarbageCollection", (event) -> collections.incrementAndGet());
			stream.startAsync();
			try (Garbage garbage = Garbage.start()) {
				assertThat(garbage.isRunning()).isTrue();
				LeakSiteSampler sampler = sampler(SitesSettings.builder());
				sampler.startRecording();
				retainFor(Duration.ofMillis(300));
				withinEmissions(() -> assertThat(sampler.emit(SitesTrigger.ON_DEMAND).samples()).isPositive());
				sampler.close();
				int seen = collections.get();
				// The stream delivers what it flushes, about once a second: the limit is
				// generous for a loaded machine, not a measure of speed.
				await().atMost(SAFETY_LIMIT).until(() -> collections.get() > seen);
			}
		}
	}

	/**
	 * Run an emitting check until it passes, bounded by the emissions it made rather than
	 * by time (an emission takes much longer on a loaded machine), with a wall-clock
	 * limit only against one that hangs.
	 */
	private static void withinEmissions(ThrowingRunnable check) throws InterruptedException {
		long deadline = System.nanoTime() + SAFETY_LIMIT.toNanos();
		for (int emissions = 1;; emissions++) {
			try {
				check.run();
				return;
			}
			catch (InterruptedException ex) {
				throw ex;
			}
			catch (Throwable ex) {
				if (emissions >= EMISSION_BUDGET || System.nanoTime() - deadline > 0) {
					throw new AssertionError("not within " + emissions + " emissions", ex);
				}
			}
			Thread.sleep(100);
		}
	}

	// The objects are retained by this class, in memleak's own package, whose frames are
	// never application frames: JUnit's frames below it stand in for the application's
	// (memleak leaves out what it allocated for itself).
	private LeakSiteSampler sampler(SitesSettings.Builder settings) {
		return sampler(new JfrOldObjectRecorder(), settings);
	}

	private LeakSiteSampler sampler(OldObjectRecorder recorder, SitesSettings.Builder settings) {
		List<String> frameworkPackages = StackFolding.DEFAULT_FRAMEWORK_PACKAGES.stream()
			.filter((prefix) -> !prefix.equals("org.junit."))
			.toList();
		return new LeakSiteSampler(recorder, this.lastOldCollection::get,
				settings.directory(this.directory).frameworkPackages(frameworkPackages).build(), Clock.systemUTC(),
				new FailureRecorder(this.registry), this.registry, PauseBudget.unlimited());
	}

	private static void retainFor(Duration duration) throws InterruptedException {
		long end = System.nanoTime() + duration.toNanos();
		while (System.nanoTime() < end) {
			retain();
			Thread.sleep(1);
		}
	}

	private static void retain() {
		synchronized (RETAINED) {
			RETAINED.add(new byte[8 * 1024]);
		}
	}

}
