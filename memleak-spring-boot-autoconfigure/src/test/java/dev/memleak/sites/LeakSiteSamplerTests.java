package dev.memleak.sites;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.memleak.core.FailureRecorder;
import dev.memleak.core.PauseBudget;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the sampler does when JFR or the disk lets it down, and when two emissions meet.
 */
class LeakSiteSamplerTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final FailureRecorder failures = new FailureRecorder(this.registry);

	@TempDir
	Path directory;

	@Test
	void aJvmWithoutFlightRecorderReportsSitesAsUnavailable() {
		OldObjectRecorder disabled = new OldObjectRecorder() {

			@Override
			public OldObjectRecording start(Duration cutoff) {
				throw new IllegalStateException("must not be called");
			}

			@Override
			public String unavailableReason() {
				return "JDK Flight Recorder is not available in this JVM";
			}

		};
		try (LeakSiteSampler sampler = sampler(disabled)) {
			assertThat(sampler.startRecording()).isFalse();
			assertThat(sampler.status()).isEqualTo(RecordingStatus.UNAVAILABLE);
			SitesEmission emission = sampler.emit(SitesTrigger.ON_DEMAND);
			assertThat(emission.status()).isEqualTo(EmissionStatus.UNAVAILABLE);
			assertThat(emission.note()).isEqualTo("JDK Flight Recorder is not available in this JVM");
			assertThat(sampler.notes()).containsExactly("JDK Flight Recorder is not available in this JVM");
			assertThat(this.failures.counts()).isEmpty();
		}
	}

	@Test
	void missingJfrClassesReportSitesAsUnavailable() {
		try (LeakSiteSampler sampler = sampler(null)) {
			assertThat(sampler.status()).isEqualTo(RecordingStatus.UNAVAILABLE);
			assertThat(sampler.emit(SitesTrigger.ON_DEMAND).note()).contains("module jdk.jfr");
		}
	}

	@Test
	void aRecordingThatFailsToStartMakesSitesUnavailableAndIsCountedOnce() {
		OldObjectRecorder failing = (cutoff) -> {
			throw new IllegalStateException("Could not use /proc/nope as repository");
		};
		try (LeakSiteSampler sampler = sampler(failing)) {
			assertThat(sampler.startRecording()).isFalse();
			assertThat(sampler.status()).isEqualTo(RecordingStatus.UNAVAILABLE);
			assertThat(sampler.emit(SitesTrigger.ON_DEMAND).note())
				.isEqualTo("The old-object recording failed to start: java.lang.IllegalStateException: "
						+ "Could not use /proc/nope as repository");
			assertThat(this.failures.counts()).containsEntry("sites", 1L);
			assertThat(this.registry.get("memleak.errors").tag("component", "sites").functionCounter().count()).isOne();
		}
	}

	@Test
	void anEmissionWhileWaitingStartsTheRecording() {
		FakeRecording recording = new FakeRecording();
		try (LeakSiteSampler sampler = sampler((cutoff) -> recording)) {
			assertThat(sampler.status()).isEqualTo(RecordingStatus.WAITING);
			SitesEmission emission = sampler.emit(SitesTrigger.ON_DEMAND);
			assertThat(emission.status()).isEqualTo(EmissionStatus.STARTED);
			assertThat(emission.note()).contains("ask again in a few minutes");
			assertThat(sampler.status()).isEqualTo(RecordingStatus.RECORDING);
			assertThat(sampler.recordingSince()).isNotNull();
		}
		assertThat(recording.closed).isTrue();
	}

	@Test
	void anUnwritableDirectoryIsNamedInTheNotesAndCountedAndEmissionsFail() throws IOException {
		Path file = Files.createFile(this.directory.resolve("not-a-directory"));
		SitesSettings settings = SitesSettings.builder().directory(file.resolve("sites")).build();
		FakeRecording recording = new FakeRecording();
		try (LeakSiteSampler sampler = new LeakSiteSampler((cutoff) -> recording, () -> null, settings,
				Clock.systemUTC(), this.failures, this.registry, PauseBudget.unlimited())) {
			assertThat(sampler.notes()).anySatisfy((note) -> assertThat(note)
				.startsWith("memleak.sites.directory (" + file.resolve("sites") + ") is not writable"));
			assertThat(this.failures.counts()).containsEntry("sites", 1L);
			sampler.startRecording();
			SitesEmission emission = sampler.emit(SitesTrigger.ON_DEMAND);
			assertThat(emission.status()).isEqualTo(EmissionStatus.FAILED);
			assertThat(emission.note()).contains("(memleak.sites.directory) failed")
				.contains(file.resolve("sites").toString());
			assertThat(this.failures.counts()).containsEntry("sites", 2L);
			assertThat(sampler.notes()).anySatisfy((note) -> assertThat(note).contains("failed"));
			assertThat(sampler.status()).isEqualTo(RecordingStatus.RECORDING);
		}
	}

	@Test
	void aFailedEmissionDeletesItsPartialFileAndTheRecordingGoesOn() throws Exception {
		FakeRecording recording = new FakeRecording();
		recording.failure = new IOException("No space left on device");
		try (LeakSiteSampler sampler = sampler((cutoff) -> recording)) {
			sampler.startRecording();
			SitesEmission emission = sampler.emit(SitesTrigger.SCHEDULED);
			assertThat(emission.status()).isEqualTo(EmissionStatus.FAILED);
			assertThat(emission.note()).contains("No space left on device");
			assertThat(recording.lastFile.get()).doesNotExist();
			assertThat(this.registry.get(LeakSiteSampler.EMISSION_DURATION).tag("outcome", "FAILURE").timer().count())
				.isOne();
			recording.failure = null;
			assertThat(sampler.emit(SitesTrigger.SCHEDULED).status()).as("an empty file is not a JFR file")
				.isEqualTo(EmissionStatus.FAILED);
		}
	}

	@Test
	void aSecondEmissionWhileOneRunsIsBusy() throws Exception {
		FakeRecording recording = new FakeRecording();
		recording.entered = new CountDownLatch(1);
		recording.release = new CountDownLatch(1);
		recording.failure = new IOException("released");
		try (LeakSiteSampler sampler = sampler((cutoff) -> recording)) {
			sampler.startRecording();
			CompletableFuture<SitesEmission> first = CompletableFuture
				.supplyAsync(() -> sampler.emit(SitesTrigger.SCHEDULED));
			assertThat(recording.entered.await(10, TimeUnit.SECONDS)).isTrue();
			SitesEmission second = sampler.emit(SitesTrigger.ON_DEMAND);
			assertThat(second.status()).isEqualTo(EmissionStatus.BUSY);
			assertThat(second.note()).contains("Another emission");
			recording.release.countDown();
			assertThat(first.get(10, TimeUnit.SECONDS).status()).isEqualTo(EmissionStatus.FAILED);
			assertThat(sampler.lastEmission().trigger()).isEqualTo(SitesTrigger.SCHEDULED);
		}
	}

	@Test
	void withoutTheLeakDetectorSitesAreListedButNoneIsALeakSite() {
		SitesSettings settings = SitesSettings.builder().directory(this.directory).build();
		try (LeakSiteSampler sampler = new LeakSiteSampler((cutoff) -> new FakeRecording(), null, settings,
				Clock.systemUTC(), this.failures, null, PauseBudget.unlimited())) {
			assertThat(sampler.notes()).anySatisfy(
					(note) -> assertThat(note).startsWith("Leak detection is off (memleak.detection.enabled=false)"));
		}
	}

	@Test
	void anEmissionIsSparseWithFewSamplesForTheQueueNoLeakSiteAndLessThanTheRecommendedQueue() {
		LeakSite held = new LeakSite("[B", List.of("x.Y.z(Y.java:1)"), 3, 3, false, Instant.EPOCH, List.of(),
				"x.Y.z(Y.java:1)");
		LeakSite leak = new LeakSite("[B", List.of("x.Y.z(Y.java:1)"), 3, 3, true, Instant.EPOCH, List.of(),
				"x.Y.z(Y.java:1)");
		assertThat(LeakSiteSampler.isSparse(completed(31, held), 256)).isTrue();
		assertThat(LeakSiteSampler.isSparse(completed(0), 256)).isTrue();
		assertThat(LeakSiteSampler.isSparse(completed(32, held), 256)).as("an eighth of the queue").isFalse();
		assertThat(LeakSiteSampler.isSparse(completed(3, leak), 256)).as("a leak site").isFalse();
		assertThat(LeakSiteSampler.isSparse(completed(3, held), 1024)).as("the recommended queue").isFalse();
		assertThat(LeakSiteSampler.isSparse(completed(3, held), 512)).isTrue();
		assertThat(LeakSiteSampler.isSparse(
				SitesEmission.notEmitted(Instant.EPOCH, SitesTrigger.SCHEDULED, EmissionStatus.SKIPPED, "budget"), 256))
			.as("not emitted")
			.isFalse();
	}

	private static SitesEmission completed(int samples, LeakSite... sites) {
		return new SitesEmission(Instant.EPOCH, SitesTrigger.ESCALATION, EmissionStatus.COMPLETED, Duration.ZERO,
				samples, List.of(sites), null);
	}

	private LeakSiteSampler sampler(@Nullable OldObjectRecorder recorder) {
		return new LeakSiteSampler(recorder, () -> null, SitesSettings.builder().directory(this.directory).build(),
				Clock.systemUTC(), this.failures, this.registry, PauseBudget.unlimited());
	}

	/**
	 * A recording that writes an empty file, or part of one and fails.
	 */
	static final class FakeRecording implements OldObjectRecording {

		volatile @Nullable IOException failure;

		volatile @Nullable CountDownLatch entered;

		volatile @Nullable CountDownLatch release;

		final AtomicReference<Path> lastFile = new AtomicReference<>();

		volatile boolean closed;

		@Override
		public void emitTo(Path file) throws IOException {
			this.lastFile.set(file);
			Files.write(file, new byte[0]);
			if (this.entered != null) {
				this.entered.countDown();
				try {
					this.release.await(10, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			if (this.failure != null) {
				Files.write(file, new byte[1024]);
				throw this.failure;
			}
		}

		@Override
		public void close() {
			this.closed = true;
		}

	}

}
