package dev.memleak.snapshot;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.MBeanServerFactory;

import dev.memleak.core.FailureRecorder;
import dev.memleak.core.PauseBudget;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ClassHistogramSnapshotterTests {

	private final ManualClock clock = new ManualClock(Instant.parse("2025-01-01T00:00:00Z"));

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final FailureRecorder failures = new FailureRecorder(this.registry);

	private final SnapshotProperties properties = new SnapshotProperties();

	private PauseBudget budget = PauseBudget.unlimited();

	@Test
	void takesARealLiveHistogramOfThisJvm() {
		ClassHistogramSnapshotter snapshotter = snapshotter(new DiagnosticCommandHistogramSource());
		HeapSnapshot snapshot = snapshotter.takeSnapshot(SnapshotTrigger.ON_DEMAND);
		assertThat(snapshot.status()).isEqualTo(SnapshotStatus.COMPLETED);
		assertThat(snapshot.mode()).isEqualTo(SnapshotMode.LIVE);
		assertThat(snapshot.time()).isEqualTo(this.clock.instant());
		assertThat(snapshot.duration()).isPositive();
		assertThat(snapshot.totalBytes()).isPositive();
		assertThat(snapshot.classes()).hasSize(this.properties.getTopClasses());
		assertThat(snapshot.classes()).extracting(ClassCount::className).contains("java.lang.String", "[B");
		assertThat(this.registry.get("memleak.snapshot.duration")
			.tags("mode", "live", "outcome", "SUCCESS")
			.timer()
			.count()).isEqualTo(1);
		assertThat(snapshotter.history()).containsExactly(snapshot);
	}

	@Test
	void takesARealHistogramWithoutForcedCollection() {
		this.properties.setMode(SnapshotMode.ALL);
		HeapSnapshot snapshot = snapshotter(new DiagnosticCommandHistogramSource())
			.takeSnapshot(SnapshotTrigger.SCHEDULED);
		assertThat(snapshot.status()).isEqualTo(SnapshotStatus.COMPLETED);
		assertThat(snapshot.classes()).extracting(ClassCount::className)
			.contains("java.lang.String")
			.noneMatch((name) -> name.contains("Filler"));
		assertThat(this.registry.get("memleak.snapshot.duration")
			.tags("mode", "all", "outcome", "SUCCESS")
			.timer()
			.count()).isEqualTo(1);
	}

	@Test
	void neverTakesTwoSnapshotsAtOnce() throws Exception {
		CountDownLatch inside = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		AtomicInteger calls = new AtomicInteger();
		ClassHistogramSnapshotter snapshotter = snapshotter((mode) -> {
			calls.incrementAndGet();
			inside.countDown();
			assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
			return Histograms.format(List.of(new ClassCount("java.lang.String", 1, 24)));
		});
		CompletableFuture<HeapSnapshot> first = CompletableFuture
			.supplyAsync(() -> snapshotter.takeSnapshot(SnapshotTrigger.SCHEDULED));
		assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
		HeapSnapshot second = snapshotter.takeSnapshot(SnapshotTrigger.ON_DEMAND);
		assertThat(second.status()).isEqualTo(SnapshotStatus.BUSY);
		assertThat(second.note()).contains("Another snapshot is running since " + this.clock.instant());
		assertThat(snapshotter.historyReport().runningSince()).isEqualTo(this.clock.instant());
		release.countDown();
		assertThat(first.get(10, TimeUnit.SECONDS).status()).isEqualTo(SnapshotStatus.COMPLETED);
		assertThat(calls).hasValue(1);
		assertThat(snapshotter.history()).extracting(HeapSnapshot::trigger).containsExactly(SnapshotTrigger.SCHEDULED);
		assertThat(snapshotter.historyReport().runningSince()).isNull();
		assertThat(snapshotter.takeSnapshot(SnapshotTrigger.ON_DEMAND).status()).isEqualTo(SnapshotStatus.COMPLETED);
	}

	@Test
	void failedSnapshotIsRecordedAsFailedAndTheNextOneRuns() {
		AtomicInteger calls = new AtomicInteger();
		ClassHistogramSnapshotter snapshotter = snapshotter((mode) -> {
			if (calls.incrementAndGet() == 1) {
				throw new IllegalStateException("diagnostic command failed");
			}
			return Histograms.format(List.of(new ClassCount("java.lang.String", 1, 24)));
		});
		HeapSnapshot failed = snapshotter.takeSnapshot(SnapshotTrigger.SCHEDULED);
		assertThat(failed.status()).isEqualTo(SnapshotStatus.FAILED);
		assertThat(failed.note()).contains("diagnostic command failed");
		assertThat(snapshotter.notes()).anyMatch((note) -> note.contains("FAILED"));
		this.clock.advance(Duration.ofHours(1));
		assertThat(snapshotter.takeSnapshot(SnapshotTrigger.SCHEDULED).status()).isEqualTo(SnapshotStatus.COMPLETED);
		assertThat(snapshotter.history()).extracting(HeapSnapshot::status)
			.containsExactly(SnapshotStatus.FAILED, SnapshotStatus.COMPLETED);
		assertThat(this.failures.counts()).containsEntry("snapshot", 1L);
		assertThat(this.registry.get("memleak.errors").tag("component", "snapshot").functionCounter().count())
			.isEqualTo(1);
		assertThat(this.registry.get("memleak.snapshot.duration").tags("outcome", "FAILURE").timer().count())
			.isEqualTo(1);
	}

	@Test
	void unparsableOutputIsAFailedSnapshot() {
		HeapSnapshot snapshot = snapshotter((mode) -> "Permission denied").takeSnapshot(SnapshotTrigger.SCHEDULED);
		assertThat(snapshot.status()).isEqualTo(SnapshotStatus.FAILED);
		assertThat(snapshot.note()).contains("Not a class histogram");
		assertThat(this.failures.counts()).containsEntry("snapshot", 1L);
	}

	@Test
	void jvmWithoutTheDiagnosticCommandMBeanReportsSnapshotsUnavailable() {
		DiagnosticCommandHistogramSource source = new DiagnosticCommandHistogramSource(
				MBeanServerFactory::newMBeanServer);
		assertThat(source.unavailableReason()).contains("has no com.sun.management:type=DiagnosticCommand MBean");
		ClassHistogramSnapshotter snapshotter = snapshotter(source);
		HeapSnapshot snapshot = snapshotter.takeSnapshot(SnapshotTrigger.SCHEDULED);
		assertThat(snapshot.status()).isEqualTo(SnapshotStatus.UNAVAILABLE);
		assertThat(snapshot.note()).isEqualTo(source.unavailableReason());
		assertThat(snapshotter.suspects()).isEmpty();
		assertThat(snapshotter.notes()).containsExactly(source.unavailableReason());
		assertThat(snapshotter.historyReport().available()).isFalse();
		assertThat(this.failures.counts()).isEmpty();
	}

	@Test
	void forcedCollectionIsSkippedWhenTheHeapIsAboveTheLimit() {
		this.properties.setMaxHeapForForcedGc(DataSize.ofBytes(1));
		AtomicInteger calls = new AtomicInteger();
		ClassHistogramSource source = (mode) -> {
			calls.incrementAndGet();
			return Histograms.format(List.of(new ClassCount("java.lang.String", 1, 24)));
		};
		HeapSnapshot snapshot = snapshotter(source).takeSnapshot(SnapshotTrigger.SCHEDULED);
		assertThat(snapshot.status()).isEqualTo(SnapshotStatus.SKIPPED);
		assertThat(snapshot.note()).contains("memleak.snapshot.max-heap-for-forced-gc", "memleak.snapshot.mode=all");
		assertThat(calls).hasValue(0);
		this.properties.setMode(SnapshotMode.ALL);
		assertThat(snapshotter(source).takeSnapshot(SnapshotTrigger.SCHEDULED).status())
			.isEqualTo(SnapshotStatus.COMPLETED);
		assertThat(calls).hasValue(1);
	}

	@Test
	void historyKeepsTheLastSnapshotsOnly() {
		this.properties.setHistorySize(4);
		ClassHistogramSnapshotter snapshotter = snapshotter(
				(mode) -> Histograms.format(List.of(new ClassCount("java.lang.String", 1, 24))));
		List<Instant> times = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			times.add(snapshotter.takeSnapshot(SnapshotTrigger.SCHEDULED).time());
			this.clock.advance(Duration.ofHours(1));
		}
		assertThat(snapshotter.history()).extracting(HeapSnapshot::time).containsExactlyElementsOf(times.subList(2, 6));
		assertThat(snapshotter.historyReport().snapshots()).extracting(SnapshotSummary::time)
			.containsExactlyElementsOf(times.subList(2, 6));
	}

	@Test
	void classNamesAreSharedBetweenSnapshots() {
		ClassHistogramSnapshotter snapshotter = snapshotter(
				(mode) -> Histograms.format(List.of(new ClassCount("com.example.Session", 1, 24))));
		snapshotter.takeSnapshot(SnapshotTrigger.SCHEDULED);
		snapshotter.takeSnapshot(SnapshotTrigger.SCHEDULED);
		List<HeapSnapshot> history = snapshotter.history();
		assertThat(history.get(1).classes().get(0).className()).isSameAs(history.get(0).classes().get(0).className());
	}

	@Test
	void suspectMetersFollowTheRankingAndNeverExceedTheirNumber() {
		this.properties.setSuspectMinSnapshots(3);
		this.properties.setSuspectMinGrowth(DataSize.ofBytes(0));
		this.properties.setSuspectMeters(2);
		List<List<ClassCount>> script = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			script.add(List.of(count("com.example.A", 100 + 100 * i), count("com.example.B", 100 + 50 * i),
					count("com.example.C", 100 + 10 * i), count("com.example.Flat", 500)));
		}
		// Then A stops growing, D starts; after three more snapshots A is out, D is in.
		for (int i = 0; i < 3; i++) {
			script.add(List.of(count("com.example.A", 300), count("com.example.B", 250 + 50 * i),
					count("com.example.C", 130 + 10 * i), count("com.example.D", 100 + 500 * i)));
		}
		AtomicInteger next = new AtomicInteger();
		ClassHistogramSnapshotter snapshotter = snapshotter(
				(mode) -> Histograms.format(script.get(next.getAndIncrement())));
		for (int i = 0; i < 3; i++) {
			snapshotter.takeSnapshot(SnapshotTrigger.SCHEDULED);
			this.clock.advance(Duration.ofHours(1));
		}
		assertThat(snapshotter.suspects()).extracting(Suspect::className)
			.containsExactly("com.example.A", "com.example.B", "com.example.C");
		assertThat(suspectSeries()).containsExactlyInAnyOrder("1 com.example.A " + 300 * 32,
				"2 com.example.B " + 200 * 32);
		for (int i = 0; i < 3; i++) {
			snapshotter.takeSnapshot(SnapshotTrigger.SCHEDULED);
			this.clock.advance(Duration.ofHours(1));
		}
		assertThat(snapshotter.suspects()).extracting(Suspect::className)
			.containsExactly("com.example.D", "com.example.B", "com.example.C");
		assertThat(suspectSeries()).containsExactlyInAnyOrder("1 com.example.D " + 1100 * 32,
				"2 com.example.B " + 350 * 32);
	}

	@Test
	void noSuspectMetersWhenTheirNumberIsZero() {
		this.properties.setSuspectMinSnapshots(3);
		this.properties.setSuspectMinGrowth(DataSize.ofBytes(0));
		this.properties.setSuspectMeters(0);
		AtomicInteger next = new AtomicInteger();
		ClassHistogramSnapshotter snapshotter = snapshotter(
				(mode) -> Histograms.format(List.of(count("com.example.A", 100 + 100 * next.getAndIncrement()))));
		for (int i = 0; i < 3; i++) {
			snapshotter.takeSnapshot(SnapshotTrigger.SCHEDULED);
			this.clock.advance(Duration.ofHours(1));
		}
		assertThat(snapshotter.suspects()).hasSize(1);
		assertThat(this.registry.find("memleak.suspect.bytes").meters()).isEmpty();
	}

	@Test
	void notesSayHowManySnapshotsSuspectsStillNeed() {
		ClassHistogramSnapshotter snapshotter = snapshotter(
				(mode) -> Histograms.format(List.of(count("com.example.A", 1))));
		assertThat(snapshotter.notes()).containsExactly(
				"Suspects need 4 completed heap snapshots (memleak.snapshot.suspect-min-snapshots); 0 so far.");
		snapshotter.takeSnapshot(SnapshotTrigger.SCHEDULED);
		assertThat(snapshotter.notes()).singleElement().asString().endsWith("1 so far.");
	}

	@Test
	void notesWarnThatModeAllCountsGarbage() {
		this.properties.setMode(SnapshotMode.ALL);
		assertThat(snapshotter((mode) -> "").notes()).anyMatch((note) -> note.contains("memleak.snapshot.mode=all"));
	}

	@Test
	void suspectMinSnapshotsAboveHistorySizeIsRejectedNamingBothProperties() {
		this.properties.setHistorySize(5);
		this.properties.setSuspectMinSnapshots(6);
		assertThatIllegalArgumentException().isThrownBy(() -> snapshotter((mode) -> ""))
			.withMessageStartingWith("memleak.snapshot.suspect-min-snapshots (6) must not exceed "
					+ "memleak.snapshot.history-size (5)");
	}

	private List<String> suspectSeries() {
		return this.registry.find("memleak.suspect.bytes")
			.gauges()
			.stream()
			.map((gauge) -> gauge.getId().getTag("rank") + " " + gauge.getId().getTag("class") + " "
					+ (long) gauge.value())
			.toList();
	}

	private static ClassCount count(String className, long instances) {
		return new ClassCount(className, instances, instances * 32);
	}

	private ClassHistogramSnapshotter snapshotter(ClassHistogramSource source) {
		return new ClassHistogramSnapshotter(source, this.properties.toSettings(), this.clock, this.failures,
				this.registry, this.budget);
	}

}
